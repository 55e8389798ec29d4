package org.editgov.requestapi.models;

import java.time.Instant;
import java.util.UUID;

/**
 * One version of a model. Version 0 is the registered artifact; each later one came from a batch
 * ({@code batchId} and the delta set) or a rollback ({@code rollbackTargetVersion} set).
 */
public record VersionView(int version, Integer parentVersion, String artifactLocation, String artifactSha256,
                          String deltaLocation, String deltaSha256, Long deltaSizeBytes, UUID batchId,
                          Integer rollbackTargetVersion, Instant committedAt, boolean current) {

    public static VersionView of(ModelVersion v, int currentVersion) {
        return new VersionView(v.key.version(), v.parentVersion, v.artifactLocation, v.artifactSha256, v.deltaLocation,
                v.deltaSha256, v.deltaSizeBytes, v.batchId, v.rollbackTargetVersion, v.committedAt,
                v.key.version() == currentVersion);
    }
}
