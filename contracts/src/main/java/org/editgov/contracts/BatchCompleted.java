package org.editgov.contracts;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Objects;

/**
 * {@code batch.completed}: the batch passed its gates and became version {@code newVersion}.
 *
 * @param report         the evaluation report as the engine writes it (a JSON object: metrics before and
 *                       after, aggregate and per edit, the gates and the verdict)
 * @param appliedEditIds the edits now in the weights
 */
public record BatchCompleted(
        String batchId, String modelId, int baseVersion, int newVersion, ArtifactRef artifact, DeltaRef delta,
        JsonNode report, List<String> appliedEditIds) implements EventPayload {

    public BatchCompleted {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(artifact, "artifact");
        Objects.requireNonNull(delta, "delta");
        Objects.requireNonNull(report, "report");
        appliedEditIds = List.copyOf(Objects.requireNonNull(appliedEditIds, "appliedEditIds"));
    }
}
