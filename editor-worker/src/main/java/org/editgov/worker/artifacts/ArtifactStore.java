package org.editgov.worker.artifacts;

import java.nio.file.Path;
import java.util.Optional;
import org.editgov.contracts.ArtifactRef;
import org.editgov.contracts.DeltaRef;

/**
 * Where model versions, deltas, version indexes and batch outcomes are kept. Artifacts are
 * content-addressed by SHA-256 and become visible all at once or not at all, so a worker killed at
 * any moment leaves no half artifact behind.
 */
public interface ArtifactStore {

    /**
     * Stores every file at the top of a Hugging Face model folder (config.json, weights,
     * tokenizer.json, trace.json, ...) under the folder's content hash; storing the same content
     * again is a no-op.
     */
    ArtifactRef putModel(Path folder);

    /** Stores a delta file under its SHA-256. */
    DeltaRef putDelta(Path file);

    /** A local folder holding the stored model with this content hash. */
    Path modelFolder(String sha256);

    /** The local file of a stored delta. */
    Path deltaFile(String sha256);

    /** The model's version index, if it has one yet. */
    Optional<VersionIndex> versions(String modelId);

    /** Replaces the model's version index atomically. */
    void writeVersions(VersionIndex index);

    /** A recorded outcome (the result events of a batch or rollback), by the model and a key naming the request. */
    Optional<byte[]> outcome(String modelId, String key);

    /** Records an outcome atomically; a later call with the same key replaces it. */
    void writeOutcome(String modelId, String key, byte[] content);

    /** The folder the engine caches covariance statistics in. */
    Path statsFolder();

    /** A fresh private folder for work in progress, on the same file system as the store. */
    Path newWorkFolder();
}
