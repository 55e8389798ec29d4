package org.editgov.worker.artifacts;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A model's versions: which artifact and delta each one is and what made it, and which is
 * current. Versions only grow; a rollback adds a version whose artifact is the target's.
 *
 * @param baseWeightsSha256 the engine's hash of version 0's weights, naming the covariance statistics
 *     every version is edited with (null until first needed)
 */
public record VersionIndex(String modelId, int current, String baseWeightsSha256, List<Version> versions) {

    /**
     * @param deltaSha256 null for version 0 and rollbacks
     * @param batchId the batch that made it; null for version 0 and rollbacks
     * @param rollbackTarget the version a rollback restored; null otherwise
     * @param requestEventId the event that asked for it (batch.requested or model.rollback.requested); null for version 0
     */
    public record Version(int version, int parentVersion, String artifactSha256, String artifactLocation,
            String deltaSha256, Long deltaSizeBytes, String deltaLocation, String batchId, Integer rollbackTarget,
            String requestEventId, Instant committedAt) {

        public Version {
            Objects.requireNonNull(artifactSha256, "artifactSha256");
            Objects.requireNonNull(artifactLocation, "artifactLocation");
        }
    }

    public VersionIndex {
        Objects.requireNonNull(modelId, "modelId");
        versions = List.copyOf(versions);
        if (versions.stream().noneMatch(v -> v.version() == current)) {
            throw new IllegalArgumentException("model " + modelId + ": current version " + current + " is not in its index");
        }
    }

    /** A model's first index: its original artifact as version 0. */
    public static VersionIndex initial(String modelId, String artifactSha256, String location, Instant at) {
        return new VersionIndex(modelId, 0, null,
                List.of(new Version(0, 0, artifactSha256, location, null, null, null, null, null, null, at)));
    }

    public Version currentVersion() {
        return version(current).orElseThrow();
    }

    public Optional<Version> version(int number) {
        return versions.stream().filter(v -> v.version() == number).findFirst();
    }

    /** The highest version number so far; the next commit gets one more. */
    public int latest() {
        return versions.stream().max(Comparator.comparingInt(Version::version)).orElseThrow().version();
    }

    public Optional<Version> byBatch(String batchId) {
        return versions.stream().filter(v -> batchId.equals(v.batchId())).findFirst();
    }

    public Optional<Version> byRequestEvent(String eventId) {
        return versions.stream().filter(v -> eventId.equals(v.requestEventId())).findFirst();
    }

    /** This index with {@code version} added and made current. */
    public VersionIndex commit(Version version) {
        if (this.version(version.version()).isPresent()) {
            throw new IllegalStateException("model " + modelId + " already has version " + version.version());
        }
        List<Version> all = new ArrayList<>(versions);
        all.add(version);
        return new VersionIndex(modelId, version.version(), baseWeightsSha256, all);
    }

    public VersionIndex withBaseWeightsSha256(String sha) {
        return new VersionIndex(modelId, current, sha, versions);
    }
}
