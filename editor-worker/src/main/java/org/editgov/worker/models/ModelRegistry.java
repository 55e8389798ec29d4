package org.editgov.worker.models;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.editgov.contracts.ArtifactRef;
import org.editgov.worker.artifacts.ArtifactStore;
import org.editgov.worker.artifacts.VersionIndex;
import org.jboss.logging.Logger;

/**
 * Which versions each model has and which is current. A model met for the first time is
 * bootstrapped: the folder of its original weights (the batch's {@code artifact_location}
 * setting, else {@code <models-root>/<model id>}) is stored as version 0.
 */
@ApplicationScoped
public class ModelRegistry {

    private static final Logger LOG = Logger.getLogger(ModelRegistry.class);

    @Inject
    ArtifactStore store;

    /** Folder holding one Hugging Face folder per model id (e.g. models/embedded-gpt2). */
    @ConfigProperty(name = "editgov.worker.models-root", defaultValue = "models")
    Path modelsRoot;

    /** The model's index, bootstrapping version 0 if the store has none yet. */
    public synchronized VersionIndex index(String modelId, Optional<Path> originalFolder) {
        Optional<VersionIndex> existing = store.versions(modelId);
        if (existing.isPresent()) {
            return existing.get();
        }
        Path folder = originalFolder.orElse(modelsRoot.resolve(modelId));
        if (!Files.isRegularFile(folder.resolve("config.json"))) {
            throw new UnknownModelException("model " + modelId + " has no version 0: no Hugging Face folder at "
                    + folder.toAbsolutePath() + " (set artifact_location in its edit settings)");
        }
        ArtifactRef ref = store.putModel(folder);
        VersionIndex index = VersionIndex.initial(modelId, ref.sha256(), ref.location(),
                Instant.now().truncatedTo(ChronoUnit.MICROS));
        store.writeVersions(index);
        LOG.infof("model %s: version 0 is %s (from %s)", modelId, ref.sha256(), folder);
        return index;
    }

    /** The index if the model is known (bootstrapping it from the models root if a folder is there). */
    public synchronized Optional<VersionIndex> find(String modelId) {
        Optional<VersionIndex> existing = store.versions(modelId);
        if (existing.isPresent() || !Files.isRegularFile(modelsRoot.resolve(modelId).resolve("config.json"))) {
            return existing;
        }
        return Optional.of(index(modelId, Optional.empty()));
    }

    public synchronized void write(VersionIndex index) {
        store.writeVersions(index);
    }

    public Path folderOf(VersionIndex.Version version) {
        return store.modelFolder(version.artifactSha256());
    }
}
