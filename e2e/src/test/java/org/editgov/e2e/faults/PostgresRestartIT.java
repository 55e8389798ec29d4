package org.editgov.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.editgov.e2e.support.Api;
import org.editgov.e2e.support.AuditTrail;
import org.editgov.e2e.support.Corrections;
import org.editgov.e2e.support.Platform;
import org.editgov.e2e.support.Progress;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL restarted while proposals come in: every proposal answered 2xx is stored (and published),
 * every other one was refused with a problem+json error, and none is half stored (an edit without its
 * event or the other way round).
 */
@Order(3)
class PostgresRestartIT {

    static final int CLIENTS = 4;
    static final int SECONDS_DOWN = 5;

    @Test
    void proposalsAcrossADatabaseRestartAreStoredWholeOrRefusedClearly() throws Exception {
        Platform platform = Platform.shared();
        String model = platform.registerScratchModel("e2e-pg");
        String run = Corrections.newRun();
        Api alice = platform.requestApi("alice");
        ConcurrentLinkedQueue<Proposals.Sent> sent = new ConcurrentLinkedQueue<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            clients.submit(() -> {
                while (!stop.get()) {
                    sent.add(Proposals.send(alice, model, run, next.getAndIncrement()));
                    Progress.sleep(Duration.ofMillis(20));
                }
            });
        }
        Progress.sleep(Duration.ofSeconds(3));
        Process restart = platform.restartServer("postgres", SECONDS_DOWN);
        Platform.awaitExit(restart, Duration.ofMinutes(2), "deploy/local/restart postgres " + SECONDS_DOWN);
        // Go on until request-api has its connections back and accepts proposals again for a while.
        Progress.await("request-api to accept proposals again", Duration.ofMinutes(2), Duration.ofMillis(500), () -> {
            List<Proposals.Sent> last = sent.stream().skip(Math.max(0, sent.size() - 10)).toList();
            return last.size() == 10 && last.stream().allMatch(s -> s.status() == 201) ? java.util.Optional.of(true)
                    : java.util.Optional.empty();
        }, () -> sent.size() + " sent");
        stop.set(true);
        clients.shutdown();
        assertThat(clients.awaitTermination(2, TimeUnit.MINUTES)).isTrue();

        Map<Integer, Integer> byStatus = new TreeMap<>();
        Map<String, Integer> refusals = new TreeMap<>();
        sent.forEach(s -> byStatus.merge(s.status(), 1, Integer::sum));
        sent.stream().filter(s -> s.status() != 201).forEach(s -> refusals.merge(s.status() + " " + s.problemTitle(), 1, Integer::sum));
        Progress.say("RESULT postgres restart: " + sent.size() + " proposals, by status " + byStatus + "; refusals " + refusals);
        // 503 with Retry-After is request-api's answer when PostgreSQL cannot be reached; 0 is a
        // connection the client itself could not complete.
        assertThat(byStatus.keySet()).as("answered 201 or refused as 503, database unavailable").allMatch(s -> s == 201 || s == 503 || s == 0);
        assertThat(byStatus.getOrDefault(201, 0)).isPositive();
        assertThat(sent.stream().filter(s -> s.status() != 201).toList()).as("refusals are problem+json, never a stack trace")
                .allSatisfy(s -> assertThat(s.problemTitle()).isNotBlank().doesNotContain("Exception").doesNotContain("\tat "));

        Api bob = platform.requestApi("bob");
        List<Proposals.Sent> accepted = sent.stream().filter(s -> s.status() == 201).toList();
        for (Proposals.Sent s : accepted) {
            JsonNode edit = bob.get("/api/edits/" + s.editId()).expect(200);
            assertThat(edit.path("subject").asText()).isEqualTo("Subject " + run + " " + s.n());
        }
        long stored = bob.get("/api/edits?modelId=" + model + "&size=1").expect(200).path("total").asLong();
        assertThat(stored).as("edits stored: exactly the accepted ones, no refused one half stored").isEqualTo(accepted.size());
        List<JsonNode> events = new AuditTrail(platform).awaitTypes(AuditTrail.filter("model", model),
                Map.of("edit.proposed", accepted.size()), AuditTrail.CATCH_UP);
        assertThat(AuditTrail.types(events)).as("one edit.proposed per stored edit, none for a refused one")
                .isEqualTo(Map.of("edit.proposed", accepted.size()));
    }
}
