package org.editgov.contracts;

import java.util.Objects;

/**
 * A stored model version, content-addressed.
 *
 * @param sha256   lower-case hex SHA-256 of the artifact (for a model folder: of its manifest, as the
 *                 artifact store defines it)
 * @param location where the artifact store keeps it (a URI or store-relative path)
 */
public record ArtifactRef(String sha256, String location) {

    public ArtifactRef {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(location, "location");
    }
}
