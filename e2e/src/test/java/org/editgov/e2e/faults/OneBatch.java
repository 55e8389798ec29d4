package org.editgov.e2e.faults;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.editgov.e2e.support.AuditTrail;
import org.editgov.e2e.support.Corrections;
import org.editgov.e2e.support.Progress;

/** What every fault test asks of the batches that carried its edits once the fault is over. */
final class OneBatch {

    private OneBatch() {
    }

    /**
     * Every edit APPLIED; each batch COMPLETED into exactly one version (nothing applied twice); the model
     * moved by exactly the number of batches; the audit log holds each batch's events and each edit's
     * proposal and review exactly once.
     */
    static void appliedOnce(Corrections corrections, AuditTrail audit, List<String> ids, int baseVersion) {
        assertThat(corrections.states(ids)).isEqualTo(Map.of("APPLIED", ids.size()));
        List<String> batches = corrections.batchesOf(ids);
        JsonNode versions = corrections.versions();
        List<Integer> newVersions = new ArrayList<>();
        for (String batchId : batches) {
            JsonNode batch = corrections.batch(batchId);
            assertThat(batch.path("state").asText()).isEqualTo("COMPLETED");
            List<Integer> ofBatch = new ArrayList<>();
            versions.forEach(v -> {
                if (batchId.equals(v.path("batchId").asText())) {
                    ofBatch.add(v.path("version").asInt());
                }
            });
            assertThat(ofBatch).as("versions made by batch %s", batchId).containsExactly(batch.path("newVersion").asInt());
            newVersions.add(batch.path("newVersion").asInt());
            List<JsonNode> entries = audit.awaitTypes(AuditTrail.filter("batch", batchId),
                    Map.of("batch.requested", 1, "model.version.committed", 1, "batch.completed", 1), AuditTrail.CATCH_UP);
            assertThat(AuditTrail.types(entries)).as("batch %s in the audit log", batchId)
                    .isEqualTo(Map.of("batch.requested", 1, "model.version.committed", 1, "batch.completed", 1));
        }
        assertThat(corrections.currentVersion()).as("one version per batch").isEqualTo(baseVersion + batches.size());
        for (String id : ids) {
            List<String> own = audit.history(AuditTrail.filter("edit", id)).stream().map(e -> e.path("type").asText())
                    .filter(t -> t.startsWith("edit.")).toList();
            assertThat(own).as("events of edit %s", id).containsExactlyInAnyOrder("edit.proposed", "edit.reviewed");
        }
        Progress.say(ids.size() + " edits APPLIED once, by " + batches.size() + " batch(es) -> version(s) " + newVersions
                + "; audit log: each event once");
    }
}
