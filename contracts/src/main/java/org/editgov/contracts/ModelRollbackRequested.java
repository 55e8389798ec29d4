package org.editgov.contracts;

import java.util.Objects;

/**
 * {@code model.rollback.requested}: an operator asked to restore an earlier version's weights.
 *
 * @param fromVersion   the model's current version when asked
 * @param targetVersion the earlier version to restore
 * @param requestedBy   username of the operator
 */
public record ModelRollbackRequested(String modelId, int fromVersion, int targetVersion, String reason,
                                     String requestedBy) implements EventPayload {

    public ModelRollbackRequested {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(requestedBy, "requestedBy");
    }
}
