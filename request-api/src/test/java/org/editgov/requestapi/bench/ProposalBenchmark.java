package org.editgov.requestapi.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.editgov.requestapi.support.Fixtures;
import org.editgov.testsupport.Keycloak;
import org.editgov.testsupport.Servers;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Proposals per second and latency percentiles of {@code POST /api/edits} against a running request-api
 * on loopback, with a real token from Keycloak. Every request is a distinct, valid proposal for one
 * fresh model (so each one is a transaction with its history row, conflict lookup and outbox row).
 *
 * <p>Arguments: base URL (default http://127.0.0.1:8081), proposals (10000), concurrent clients (8). A
 * warm-up of a twentieth of the count (at most 500) runs first and is not measured.
 * Run by {@code request-api/bench/proposals.sh}.
 */
public final class ProposalBenchmark {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ProposalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        URI base = URI.create(args.length > 0 ? args[0] : "http://127.0.0.1:8081");
        int count = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int clients = args.length > 2 ? Integer.parseInt(args[2]) : 8;

        Keycloak keycloak = Servers.shared().keycloak();
        String operator = keycloak.tokenFor("olga").bearer();
        String proposer = keycloak.tokenFor("alice").bearer();
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(10)).build();
        String model = Fixtures.newModelId("bench");
        HttpResponse<String> registered = http.send(post(base.resolve("/api/models"), operator,
                JSON.writeValueAsString(Fixtures.modelBody(model))), HttpResponse.BodyHandlers.ofString());
        if (registered.statusCode() != 201) {
            throw new IllegalStateException("could not register the benchmark model: " + registered.body());
        }

        run(http, base, proposer, model, "warm-up", Math.min(500, Math.max(1, count / 20)), clients);
        long[] latencies = new long[count];
        AtomicInteger failures = new AtomicInteger();
        long start = System.nanoTime();
        runTimed(http, base, proposer, model, count, clients, latencies, failures);
        double seconds = (System.nanoTime() - start) / 1e9;

        Arrays.sort(latencies);
        System.out.printf(Locale.ROOT, "proposals: %d in %.2f s with %d clients -> %.1f proposals/s%n",
                count, seconds, clients, count / seconds);
        System.out.printf(Locale.ROOT, "latency ms: p50 %.2f  p90 %.2f  p99 %.2f  max %.2f%n",
                percentile(latencies, 0.50), percentile(latencies, 0.90), percentile(latencies, 0.99),
                latencies[latencies.length - 1] / 1e6);
        System.out.printf(Locale.ROOT, "failures: %d (model %s)%n", failures.get(), model);
        if (failures.get() > 0) {
            System.exit(1);
        }
    }

    private static void run(HttpClient http, URI base, String token, String model, String label, int n, int clients)
            throws Exception {
        long[] ignored = new long[n];
        AtomicInteger failures = new AtomicInteger();
        runTimed(http, base, token, model, n, clients, ignored, failures);
        if (failures.get() > 0) {
            throw new IllegalStateException(label + ": " + failures.get() + " proposals failed");
        }
    }

    private static void runTimed(HttpClient http, URI base, String token, String model, int n, int clients,
                                 long[] latencies, AtomicInteger failures) throws Exception {
        AtomicInteger next = new AtomicInteger();
        String runId = Long.toString(System.nanoTime(), 36);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                workers.add(pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                        String body = JSON.writeValueAsString(Fixtures.editBody(model,
                                "Bench subject " + runId + " " + i, "Target " + (i % 97)));
                        long t0 = System.nanoTime();
                        HttpResponse<String> response = http.send(post(base.resolve("/api/edits"), token, body),
                                HttpResponse.BodyHandlers.ofString());
                        latencies[i] = System.nanoTime() - t0;
                        if (response.statusCode() != 201) {
                            failures.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdown();
        }
    }

    private static HttpRequest post(URI uri, String bearer, String body) {
        return HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", bearer).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static double percentile(long[] sorted, double p) {
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
    }
}
