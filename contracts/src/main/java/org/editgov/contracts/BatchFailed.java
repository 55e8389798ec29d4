package org.editgov.contracts;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Objects;

/**
 * {@code batch.failed}: the batch produced no version; the model stays at {@code baseVersion} and the
 * batch's edits are FAILED.
 *
 * @param kind   why: the result missed its gates, or the worker could not run the batch
 * @param reason one line for people
 * @param report the evaluation report when there is one (always for {@link Kind#GATES_NOT_MET}); may be null
 */
public record BatchFailed(String batchId, String modelId, int baseVersion, Kind kind, String reason, JsonNode report)
        implements EventPayload {

    public enum Kind { GATES_NOT_MET, ERROR }

    public BatchFailed {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }
}
