package org.editgov.worker.artifacts;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.editgov.contracts.ArtifactRef;
import org.editgov.contracts.DeltaRef;
import org.editgov.contracts.EventCodec;
import org.editgov.contracts.Sha256;

/**
 * The artifact store on a local (or mounted) file system:
 * <pre>
 * root/models/&lt;sha256&gt;/          a model version's files; the hash is over "name sha256\n" of each file, by name
 * root/deltas/&lt;sha256&gt;.safetensors
 * root/versions/&lt;model&gt;.json      the model's {@link VersionIndex}
 * root/outcomes/&lt;model&gt;/&lt;key&gt;.json the result events of a batch or rollback, re-emitted on redelivery
 * root/stats/                      the engine's covariance cache
 * root/work/                       work in progress, never read as an artifact
 * </pre>
 * Everything is written under root/work first and renamed into place with an atomic move, so a
 * reader sees a whole artifact or none; a crash leaves at most litter in root/work.
 * Locations in events are relative to the root.
 */
public final class FileSystemArtifactStore implements ArtifactStore {

    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,100}");

    private final Path root;
    private final ObjectMapper json = EventCodec.newObjectMapper();

    public FileSystemArtifactStore(Path root) {
        this.root = root.toAbsolutePath().normalize();
        for (String folder : List.of("models", "deltas", "versions", "outcomes", "stats", "work")) {
            createDirectories(this.root.resolve(folder));
        }
    }

    public Path root() {
        return root;
    }

    @Override
    public ArtifactRef putModel(Path folder) {
        List<Path> files = topLevelFiles(folder);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("model folder " + folder + " holds no files");
        }
        StringBuilder manifest = new StringBuilder();
        for (Path file : files) {
            manifest.append(file.getFileName()).append(' ').append(Sha256.hexOfFile(file)).append('\n');
        }
        String sha = Sha256.hex(manifest.toString().getBytes(StandardCharsets.UTF_8));
        String location = "models/" + sha;
        Path target = root.resolve(location);
        if (!Files.isDirectory(target)) {
            Path work = newWorkFolder();
            try {
                for (Path file : files) {
                    Files.copy(file, work.resolve(file.getFileName().toString()));
                    force(work.resolve(file.getFileName().toString()));
                }
                publish(work, target);
            } catch (IOException e) {
                throw new UncheckedIOException("model " + folder + " cannot be stored: " + e.getMessage(), e);
            } finally {
                deleteRecursively(work);
            }
        }
        return new ArtifactRef(sha, location);
    }

    @Override
    public DeltaRef putDelta(Path file) {
        String sha = Sha256.hexOfFile(file);
        String location = "deltas/" + sha + ".safetensors";
        Path target = root.resolve(location);
        try {
            long size = Files.size(file);
            if (!Files.isRegularFile(target)) {
                Path work = newWorkFolder();
                try {
                    Path copy = work.resolve("delta");
                    Files.copy(file, copy);
                    force(copy);
                    publish(copy, target);
                } finally {
                    deleteRecursively(work);
                }
            }
            return new DeltaRef(sha, size, location);
        } catch (IOException e) {
            throw new UncheckedIOException("delta " + file + " cannot be stored: " + e.getMessage(), e);
        }
    }

    @Override
    public Path modelFolder(String sha256) {
        requireHex(sha256);
        Path folder = root.resolve("models").resolve(sha256);
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException("the artifact store " + root + " has no model " + sha256);
        }
        return folder;
    }

    @Override
    public Path deltaFile(String sha256) {
        requireHex(sha256);
        return root.resolve("deltas").resolve(sha256 + ".safetensors");
    }

    @Override
    public Optional<VersionIndex> versions(String modelId) {
        Path file = root.resolve("versions").resolve(fileName(modelId) + ".json");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(json.readValue(file.toFile(), VersionIndex.class));
        } catch (IOException e) {
            throw new UncheckedIOException("version index " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void writeVersions(VersionIndex index) {
        try {
            replaceAtomically(root.resolve("versions").resolve(fileName(index.modelId()) + ".json"),
                    json.writerWithDefaultPrettyPrinter().writeValueAsBytes(index));
        } catch (IOException e) {
            throw new UncheckedIOException("version index of " + index.modelId() + " cannot be written: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<byte[]> outcome(String modelId, String key) {
        Path file = outcomeFile(modelId, key);
        try {
            return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("outcome " + file + " cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public void writeOutcome(String modelId, String key, byte[] content) {
        Path file = outcomeFile(modelId, key);
        createDirectories(file.getParent());
        try {
            replaceAtomically(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("outcome " + file + " cannot be written: " + e.getMessage(), e);
        }
    }

    @Override
    public Path statsFolder() {
        return root.resolve("stats");
    }

    @Override
    public Path newWorkFolder() {
        Path folder = root.resolve("work").resolve(UUID.randomUUID().toString());
        createDirectories(folder);
        return folder;
    }

    private Path outcomeFile(String modelId, String key) {
        return root.resolve("outcomes").resolve(fileName(modelId)).resolve(fileName(key) + ".json");
    }

    /** Ids become file names as they are when they are plain; anything else by its hash. */
    private static String fileName(String id) {
        return SAFE_NAME.matcher(id).matches() && !id.startsWith(".") ? id
                : "sha256-" + Sha256.hex(id.getBytes(StandardCharsets.UTF_8));
    }

    private void replaceAtomically(Path target, byte[] content) throws IOException {
        Path work = newWorkFolder();
        try {
            Path temporary = work.resolve(target.getFileName().toString());
            Files.write(temporary, content);
            force(temporary);
            Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            deleteRecursively(work);
        }
    }

    /** Renames a finished file or folder into place; another writer that got there first wins (same content). */
    private static void publish(Path finished, Path target) throws IOException {
        try {
            Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
            // Content-addressed: what is already there is what we were about to write.
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("the artifact store needs atomic renames; " + finished.getParent() + " and "
                    + target.getParent() + " are on different file systems", e);
        }
    }

    private static void force(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    private static List<Path> topLevelFiles(Path folder) {
        if (!Files.isDirectory(folder)) {
            throw new IllegalArgumentException("model folder " + folder + " does not exist");
        }
        try (Stream<Path> entries = Files.list(folder)) {
            return new ArrayList<>(entries.filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList());
        } catch (IOException e) {
            throw new UncheckedIOException("model folder " + folder + " cannot be listed: " + e.getMessage(), e);
        }
    }

    private static void requireHex(String sha256) {
        if (!Sha256.isHexDigest(sha256)) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
    }

    private static void createDirectories(Path folder) {
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("folder " + folder + " cannot be created: " + e.getMessage(), e);
        }
    }

    /**
     * Removes work folders last changed before {@code now - age}: what killed workers left there.
     * The store may be shared by several live workers, so only folders too old to belong to a
     * running batch go; returns how many.
     */
    public int removeStaleWork(Duration age, Instant now) {
        Instant cutoff = now.minus(age);
        int removed = 0;
        try (Stream<Path> entries = Files.list(root.resolve("work"))) {
            for (Path entry : entries.toList()) {
                if (Files.getLastModifiedTime(entry).toInstant().isBefore(cutoff)) {
                    deleteRecursively(entry);
                    removed++;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("work folder " + root.resolve("work") + " cannot be listed: " + e.getMessage(), e);
        }
        return removed;
    }

    private static void deleteRecursively(Path path) {
        if (!Files.exists(path)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("work folder " + path + " cannot be removed: " + e.getMessage(), e);
        }
    }
}
