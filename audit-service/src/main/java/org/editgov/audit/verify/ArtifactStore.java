package org.editgov.audit.verify;

import org.editgov.contracts.Sha256;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The editor worker's artifact store (its FileSystemArtifactStore), as the verifier reads it:
 * <pre>
 * root/models/&lt;sha256&gt;/               a model version's files
 * root/deltas/&lt;sha256&gt;.safetensors   a weight delta, named by the SHA-256 of its bytes
 * root/versions/&lt;model&gt;.json          a model's version index
 * root/outcomes/                        result events of batches and rollbacks
 * </pre>
 * The worker's root defaults to {@code .local/artifacts} (setting {@code editgov.worker.artifacts.root}). A weight
 * delta the log names is checked at exactly {@code root/deltas/<sha256>.safetensors}: its size against the
 * logged size, its bytes' SHA-256 against the logged hash.
 */
public final class ArtifactStore {

    /** The worker's default root, relative to the folder it runs in. */
    public static final String DEFAULT_ROOT = ".local/artifacts";

    private static final Pattern SHA256_HEX = Pattern.compile("[0-9a-f]{64}");

    private final Path root;

    /** @throws SourceException when root is not a folder holding a {@code deltas/} folder */
    public ArtifactStore(Path root) {
        if (!Files.isDirectory(root)) {
            throw new SourceException("artifact store " + root + " is not a folder");
        }
        if (!Files.isDirectory(root.resolve("deltas"))) {
            throw new SourceException("artifact store " + root + " has no deltas/ folder; give the editor worker's"
                    + " artifact root (the folder holding models/, deltas/, versions/, outcomes/)");
        }
        this.root = root.toAbsolutePath().normalize();
    }

    /** Where the worker keeps the delta of this SHA-256 (lower-case hex). */
    public Path deltaFile(String sha256) {
        return root.resolve("deltas").resolve(sha256 + ".safetensors");
    }

    /**
     * Null when {@code root/deltas/<sha256>.safetensors} holds exactly the logged bytes; otherwise why not, naming
     * the file and, for other bytes, what they hash to.
     */
    public String mismatch(String sha256, long sizeBytes) {
        if (!SHA256_HEX.matcher(sha256).matches()) {
            return "is not a SHA-256 in lower-case hex, so no file of the artifact store " + root + " can be it";
        }
        Path file = deltaFile(sha256);
        if (!Files.isRegularFile(file)) {
            return "is not in the artifact store: " + file + " does not exist";
        }
        try {
            long size = Files.size(file);
            if (size != sizeBytes) {
                return "is " + size + " bytes in " + file + ", the log says " + sizeBytes;
            }
            String actual;
            try (InputStream in = Files.newInputStream(file)) {
                actual = Sha256.hex(in);
            }
            return actual.equals(sha256) ? null : "hashes to " + actual + " in " + file;
        } catch (IOException e) {
            return "cannot be read from " + file + ": " + e.getMessage();
        }
    }
}
