package org.editgov.worker.artifacts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.nio.file.Path;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** Makes the configured artifact store available for injection. */
@ApplicationScoped
public class ArtifactStoreProducer {

    /** Root folder of the file-system store (relative paths are taken from the working directory). */
    @ConfigProperty(name = "editgov.worker.artifacts.root", defaultValue = ".local/artifacts")
    Path root;

    @Produces
    @ApplicationScoped
    ArtifactStore store() {
        return new FileSystemArtifactStore(root);
    }
}
