package org.editgov.worker.artifacts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/** Makes the configured artifact store available for injection. */
@ApplicationScoped
public class ArtifactStoreProducer {

    private static final Logger LOG = Logger.getLogger(ArtifactStoreProducer.class);

    /**
     * A batch running longer than this has lost its partition to another worker, so a work folder
     * untouched for twice as long belongs to no running batch (it was left by a killed worker).
     */
    @ConfigProperty(name = "editgov.worker.consumer.max-batch-duration", defaultValue = "PT2H")
    Duration maxBatchDuration;

    /** Root folder of the file-system store (relative paths are taken from the working directory). */
    @ConfigProperty(name = "editgov.worker.artifacts.root", defaultValue = ".local/artifacts")
    Path root;

    @Produces
    @ApplicationScoped
    ArtifactStore store() {
        FileSystemArtifactStore store = new FileSystemArtifactStore(root);
        int removed = store.removeStaleWork(maxBatchDuration.multipliedBy(2), Instant.now());
        if (removed > 0) {
            LOG.infof("artifact store %s: removed %d work folders left by killed workers", store.root(), removed);
        }
        return store;
    }
}
