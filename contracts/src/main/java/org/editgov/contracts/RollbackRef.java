package org.editgov.contracts;

import java.util.Objects;

/**
 * Why a version exists when it came from a rollback rather than a batch.
 *
 * @param targetVersion  the earlier version whose weights the new version restores
 * @param reason         the operator's reason
 * @param requestedBy    username of the operator
 * @param requestEventId eventId of the {@code model.rollback.requested} it answers
 */
public record RollbackRef(int targetVersion, String reason, String requestedBy, String requestEventId) {

    public RollbackRef {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(requestedBy, "requestedBy");
        Objects.requireNonNull(requestEventId, "requestEventId");
    }
}
