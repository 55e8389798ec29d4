package org.editgov.requestapi.models;

import java.time.Instant;
import java.util.UUID;

/** A recorded rollback request; {@code eventId} is the {@code model.rollback.requested} event it sent. */
public record RollbackView(UUID id, String modelId, int fromVersion, int targetVersion, String reason,
                           String requestedBy, Instant requestedAt, UUID eventId) {

    public static RollbackView of(ModelRollback r) {
        return new RollbackView(r.id, r.modelId, r.fromVersion, r.targetVersion, r.reason, r.requestedBy,
                r.requestedAt, r.eventId);
    }
}
