package org.editgov.audit.verify;

import org.editgov.contracts.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A content-addressed artifact store on disk, as the verifier reads it: a file is found at the event's
 * store-relative {@code location}, or by its SHA-256 hex as its name, directly under the root, under a
 * two-character fan-out folder ({@code ab/abcd...}) or under {@code sha256/}.
 */
public final class ArtifactStore {

    private final Path root;

    public ArtifactStore(Path root) {
        if (!Files.isDirectory(root)) {
            throw new SourceException("artifact store " + root + " is not a folder");
        }
        this.root = root.toAbsolutePath().normalize();
    }

    /** Null when the file holds exactly these bytes; otherwise why not. */
    public String mismatch(String sha256, long sizeBytes, String location) {
        Optional<Path> file = find(sha256, location);
        if (file.isEmpty()) {
            return "is not in the artifact store " + root;
        }
        try {
            long size = Files.size(file.get());
            if (size != sizeBytes) {
                return "is " + size + " bytes in " + file.get() + ", the log says " + sizeBytes;
            }
            String actual;
            try (InputStream in = Files.newInputStream(file.get())) {
                actual = Sha256.hex(in);
            }
            return actual.equals(sha256) ? null : "hashes to " + actual + " in " + file.get();
        } catch (IOException e) {
            return "cannot be read from " + file.get() + ": " + e.getMessage();
        }
    }

    private Optional<Path> find(String sha256, String location) {
        List<Path> candidates = new ArrayList<>();
        if (location != null && !location.contains(":")) {
            Path resolved = root.resolve(location).normalize();
            if (resolved.startsWith(root)) {
                candidates.add(resolved);
            }
        }
        candidates.add(root.resolve(sha256));
        candidates.add(root.resolve(sha256.substring(0, 2)).resolve(sha256));
        candidates.add(root.resolve("sha256").resolve(sha256));
        return candidates.stream().filter(Files::isRegularFile).findFirst();
    }
}
