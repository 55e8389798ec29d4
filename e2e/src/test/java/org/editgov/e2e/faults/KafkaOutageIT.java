package org.editgov.e2e.faults;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.editgov.e2e.support.AuditTrail;
import org.editgov.e2e.support.Corrections;
import org.editgov.e2e.support.Facts;
import org.editgov.e2e.support.Platform;
import org.editgov.e2e.support.Progress;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Kafka stopped for 20 s in the middle of the flow: proposals and reviews go on (the outbox holds
 * their events), the batch is requested once Kafka is back, and nothing is lost or applied twice.
 */
@Order(2)
class KafkaOutageIT {

    static final int EDITS = 6;

    @Test
    void proposalsAndReviewsDuringTwentySecondsWithoutKafkaAreAppliedOnce() {
        Platform platform = Platform.shared();
        Corrections corrections = new Corrections(platform, Corrections.newRun());
        int base = corrections.currentVersion();
        List<Facts.Fact> facts = Facts.fresh(platform, EDITS);

        Process restart = platform.restartServer("kafka", 20);
        Progress.await("Kafka to be down", Duration.ofSeconds(60), Duration.ofMillis(200),
                () -> platform.kafkaAnswers() ? Optional.empty() : Optional.of(true), () -> "still answering");
        List<String> ids = corrections.propose(facts);
        corrections.approve(ids);
        Progress.say("proposed and approved " + EDITS + " edits while Kafka is down: " + corrections.states(ids));
        Platform.awaitExit(restart, Duration.ofMinutes(3), "deploy/local/restart kafka 20");
        Progress.say("Kafka is back");

        corrections.awaitBatchEnd(ids, Corrections.APPLY_TIMEOUT);
        OneBatch.appliedOnce(corrections, new AuditTrail(platform), ids, base);
    }
}
