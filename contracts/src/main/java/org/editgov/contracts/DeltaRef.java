package org.editgov.contracts;

import java.util.Objects;

/**
 * The weight delta of a batch, content-addressed: the auditor re-hashes the stored file against it.
 *
 * @param sha256    lower-case hex SHA-256 of the delta file's bytes
 * @param sizeBytes size of the delta file
 * @param location  where the artifact store keeps it
 */
public record DeltaRef(String sha256, long sizeBytes, String location) {

    public DeltaRef {
        Objects.requireNonNull(sha256, "sha256");
        Objects.requireNonNull(location, "location");
    }
}
