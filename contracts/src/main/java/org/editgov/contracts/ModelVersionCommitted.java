package org.editgov.contracts;

import java.util.Objects;

/**
 * {@code model.version.committed}: a new model version is stored and becomes current. Versions only
 * grow: a rollback commits a new version whose weights are those of the target version.
 *
 * @param parentVersion the version it was made from
 * @param delta         the weight delta from the parent; null for a rollback
 * @param batchId       the batch that produced it; null for a rollback
 * @param rollback      the rollback that produced it; null for a batch
 */
public record ModelVersionCommitted(
        String modelId, int version, int parentVersion, ArtifactRef artifact, DeltaRef delta, String batchId,
        RollbackRef rollback) implements EventPayload {

    public ModelVersionCommitted {
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(artifact, "artifact");
        if ((batchId == null) == (rollback == null)) {
            throw new IllegalArgumentException("exactly one of batchId and rollback must be set");
        }
    }
}
