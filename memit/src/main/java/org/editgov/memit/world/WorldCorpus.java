package org.editgov.memit.world;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/** The training text of a model trained here, for callers that need text in its distribution (covariance statistics). */
public final class WorldCorpus {

    private WorldCorpus() {
    }

    /**
     * The documents of one training epoch of the model in {@code modelDir}, rebuilt from its
     * {@code world.json} and the dataset it was trained on; {@link WorldSpec#embedded()} when the
     * folder has no world card.
     */
    public static List<String> trainingText(Path modelDir, Path dataset, int epoch) throws IOException {
        WorldCard card = WorldCard.read(modelDir);
        WorldSpec spec = card == null ? WorldSpec.embedded() : card.world();
        World world = World.build(CounterFactDataset.read(dataset), spec);
        return new CorpusGenerator(world).documents(epoch);
    }

    /**
     * A SHA-256 of everything that fixes {@link #trainingText}: the world spec, the epoch, the
     * dataset's bytes, and the compiled code of this package that generates the text (so a
     * changed generator gives a new key, never a stale one).
     */
    public static String definitionKey(Path modelDir, Path dataset, int epoch) throws IOException {
        WorldCard card = WorldCard.read(modelDir);
        WorldSpec spec = card == null ? WorldSpec.embedded() : card.world();
        MessageDigest digest = sha256();
        digest.update((spec + "\nepoch " + epoch + "\n").getBytes(StandardCharsets.UTF_8));
        digest.update(Files.readAllBytes(dataset));
        digest.update(generatorCode());
        return HexFormat.of().formatHex(digest.digest());
    }

    private static byte[] generatorCode() throws IOException {
        String folder = WorldCorpus.class.getPackageName().replace('.', '/') + "/";
        Path location;
        try {
            location = Path.of(WorldCorpus.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IOException("cannot locate the world generator's classes: " + e.getMessage(), e);
        }
        MessageDigest digest = sha256();
        if (Files.isDirectory(location)) {
            List<Path> classes;
            try (Stream<Path> files = Files.list(location.resolve(folder))) {
                classes = files.filter(f -> f.toString().endsWith(".class")).sorted().toList();
            }
            for (Path file : classes) {
                digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
                digest.update(Files.readAllBytes(file));
            }
        } else {
            try (JarFile jar = new JarFile(location.toFile())) {
                List<JarEntry> entries = new ArrayList<>();
                for (JarEntry entry : Collections.list(jar.entries())) {
                    String name = entry.getName();
                    if (name.startsWith(folder) && name.endsWith(".class") && name.indexOf('/', folder.length()) < 0) {
                        entries.add(entry);
                    }
                }
                entries.sort((a, b) -> a.getName().compareTo(b.getName()));
                for (JarEntry entry : entries) {
                    digest.update(entry.getName().substring(folder.length()).getBytes(StandardCharsets.UTF_8));
                    try (InputStream in = jar.getInputStream(entry)) {
                        digest.update(in.readAllBytes());
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return digest.digest();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
