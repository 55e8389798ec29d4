package org.editgov.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.editgov.e2e.support.AuditTrail;
import org.editgov.e2e.support.Corrections;
import org.editgov.e2e.support.Facts;
import org.editgov.e2e.support.Platform;
import org.editgov.e2e.support.Progress;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The audit service down while a whole correction flow happens: started again, it catches up from
 * Kafka, and its log holds every event once, in the order the events happened, and verifies.
 */
@Order(5)
class AuditOutageIT {

    static final int EDITS = 6;

    @Test
    void anAuditServiceThatWasDownCatchesUpWithEveryEventInOrder() {
        Platform platform = Platform.shared();
        Corrections corrections = new Corrections(platform, Corrections.newRun());
        AuditTrail audit = new AuditTrail(platform);
        int base = corrections.currentVersion();
        List<Facts.Fact> facts = Facts.fresh(platform, EDITS);

        platform.stopService("audit-service", false);
        long down = System.nanoTime();
        List<String> ids = corrections.propose(facts);
        List<String> approved = ids.subList(0, EDITS - 1);
        corrections.approve(approved);
        corrections.reject(ids.subList(EDITS - 1, EDITS));
        corrections.awaitBatchEnd(approved, Corrections.APPLY_TIMEOUT);
        platform.upAgain();
        Progress.say("audit-service was down for " + Progress.seconds(System.nanoTime() - down) + " s, a whole flow long");

        OneBatch.appliedOnce(corrections, audit, approved, base);
        String batch = corrections.batchesOf(approved).get(0);
        Map<Long, JsonNode> byIndex = new TreeMap<>();
        audit.history(AuditTrail.filter("batch", batch)).forEach(e -> byIndex.put(e.path("index").asLong(), e));
        for (String id : ids) {
            audit.history(AuditTrail.filter("edit", id)).forEach(e -> byIndex.put(e.path("index").asLong(), e));
        }
        // Each topic is one ordered stream per model (records keyed by model id): the log keeps its order.
        Map<String, List<Instant>> perType = new TreeMap<>();
        byIndex.values().forEach(e -> perType.computeIfAbsent(e.path("type").asText(), t -> new ArrayList<>())
                .add(Instant.parse(e.path("occurredAt").asText())));
        perType.forEach((type, times) -> assertThat(times).as("%s entries in the order they occurred", type).isSorted());
        // Across topics Kafka promises no order; after a catch-up the log shows the order of consumption.
        List<String> logOrder = byIndex.values().stream().map(e -> e.path("type").asText()).toList();
        List<Instant> occurred = byIndex.values().stream().map(e -> Instant.parse(e.path("occurredAt").asText())).toList();
        boolean causal = occurred.stream().sorted().toList().equals(occurred);
        Progress.say("RESULT audit outage: " + byIndex.size() + " entries of the flow, log order " + logOrder
                + (causal ? "; also in time order across topics" : "; NOT in time order across topics (consumed topic by topic)"));
        String verdict = audit.verify(Path.of("target/audit-verify-after-outage"));
        Progress.say("bin/audit-verify after the outage: " + verdict);
        assertThat(verdict).startsWith("OK");
    }
}
