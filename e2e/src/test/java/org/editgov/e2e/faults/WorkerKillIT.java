package org.editgov.e2e.faults;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.editgov.e2e.support.Api;
import org.editgov.e2e.support.AuditTrail;
import org.editgov.e2e.support.Corrections;
import org.editgov.e2e.support.Facts;
import org.editgov.e2e.support.Platform;
import org.editgov.e2e.support.Progress;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The editor worker killed with SIGKILL while it works on a batch: after a restart the batch is redone
 * from Kafka (its offset was never committed) and completes into exactly one version.
 */
@Order(4)
class WorkerKillIT {

    static final int EDITS = 6;
    static final Set<String> WORKING = Set.of("LOADING", "STATISTICS", "EVALUATING_BEFORE", "EDITING", "EVALUATING_AFTER", "STORING");

    @Test
    void aBatchInterruptedBySigkillCompletesAfterRestartIntoOneVersion() {
        Platform platform = Platform.shared();
        Corrections corrections = new Corrections(platform, Corrections.newRun());
        int base = corrections.currentVersion();
        List<String> ids = corrections.propose(Facts.fresh(platform, EDITS));
        corrections.approve(ids);

        Api worker = platform.editorWorker("olga");
        String phase = Progress.await("the editor worker to be working on the batch", Corrections.APPLY_TIMEOUT,
                Duration.ofMillis(300), () -> {
                    String batch = corrections.edit(ids.get(0)).path("batchId").asText("");
                    if (batch.isEmpty() || "null".equals(batch)) {
                        return Optional.empty();
                    }
                    Api.Response progress = worker.get("/api/batches/" + batch + "/progress");
                    JsonNode p = progress.json();
                    if (progress.ok() && !WORKING.contains(p.path("phase").asText())) {
                        throw new AssertionError("the batch ended before the worker could be killed: " + p);
                    }
                    return progress.ok() ? Optional.of(p.path("phase").asText() + " " + p.path("done").asText() + "/"
                            + p.path("total").asText()) : Optional.empty();
                }, () -> corrections.workerProgress(ids));
        platform.stopService("editor-worker", true);
        Progress.say("editor-worker killed during " + phase + "; request-api says " + corrections.states(ids));
        platform.upAgain();

        corrections.awaitBatchEnd(ids, Corrections.APPLY_TIMEOUT);
        OneBatch.appliedOnce(corrections, new AuditTrail(platform), ids, base);
    }
}
