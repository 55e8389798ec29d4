package org.editgov.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.editgov.e2e.support.Api;
import org.editgov.e2e.support.AuditTrail;
import org.editgov.e2e.support.Corrections;
import org.editgov.e2e.support.Facts;
import org.editgov.e2e.support.Platform;
import org.editgov.e2e.support.Progress;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * 5,000 proposals from 20 concurrent clients while a batch of the embedded model runs: every one
 * accepted and stored; proposals per second and latency percentiles printed.
 */
@Order(6)
class LoadIT {

    static final int PROPOSALS = Integer.getInteger("editgov.e2e.load.proposals", 5000);
    static final int CLIENTS = 20;

    @Test
    void fiveThousandProposalsFromTwentyClientsWhileABatchRuns() throws Exception {
        Platform platform = Platform.shared();
        Corrections corrections = new Corrections(platform, Corrections.newRun());
        int base = corrections.currentVersion();
        String model = platform.registerScratchModel("e2e-load");
        String run = Corrections.newRun();

        // A batch of the embedded model to run alongside: its edits approved, the load starts once it is cut.
        List<String> batchEdits = corrections.propose(Facts.fresh(platform, 6));
        corrections.approve(batchEdits);
        Progress.await("the batch policy to cut the batch", Corrections.APPLY_TIMEOUT, Duration.ofMillis(500),
                () -> corrections.states(batchEdits).containsKey("APPROVED") ? java.util.Optional.empty() : java.util.Optional.of(true),
                () -> corrections.states(batchEdits).toString());
        String workerAtStart = corrections.workerProgress(batchEdits);

        Api alice = platform.requestApi("alice");
        ConcurrentLinkedQueue<Proposals.Sent> sent = new ConcurrentLinkedQueue<>();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        int perClient = PROPOSALS / CLIENTS;
        Progress.say("load: " + PROPOSALS + " proposals from " + CLIENTS + " clients; worker on the batch: " + workerAtStart);
        long start = System.nanoTime();
        for (int c = 0; c < CLIENTS; c++) {
            int first = c * perClient;
            clients.submit(() -> {
                for (int n = first; n < first + perClient; n++) {
                    sent.add(Proposals.send(alice, model, run, n));
                }
            });
        }
        clients.shutdown();
        assertThat(clients.awaitTermination(8, TimeUnit.MINUTES)).as("load finished within 8 minutes").isTrue();
        long elapsed = System.nanoTime() - start;
        String workerAtEnd = corrections.workerProgress(batchEdits);

        List<Long> latencies = new ArrayList<>();
        Map<Integer, Integer> byStatus = new TreeMap<>();
        sent.forEach(s -> {
            latencies.add(s.nanos());
            byStatus.merge(s.status(), 1, Integer::sum);
        });
        Collections.sort(latencies);
        Progress.say(String.format(Locale.ROOT,
                "RESULT load: %d proposals from %d clients in %.1f s = %.0f proposals/s; latency p50 %.0f ms, p99 %.0f ms, max %.0f ms;"
                        + " statuses %s; worker at start: %s, at end: %s",
                sent.size(), CLIENTS, elapsed / 1e9, sent.size() / (elapsed / 1e9), percentile(latencies, 50) / 1e6,
                percentile(latencies, 99) / 1e6, latencies.get(latencies.size() - 1) / 1e6, byStatus, workerAtStart, workerAtEnd));
        assertThat(byStatus).isEqualTo(Map.of(201, PROPOSALS));
        long stored = alice.get("/api/edits?modelId=" + model + "&size=1").expect(200).path("total").asLong();
        assertThat(stored).isEqualTo(PROPOSALS);

        corrections.awaitBatchEnd(batchEdits, Corrections.APPLY_TIMEOUT);
        OneBatch.appliedOnce(corrections, new AuditTrail(platform), batchEdits, base);
    }

    static long percentile(List<Long> sorted, int p) {
        int at = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, at)));
    }
}
