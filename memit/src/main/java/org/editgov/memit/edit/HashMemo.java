package org.editgov.memit.edit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * Hashes that are slow to compute (of a model's weights as loaded, of a generated corpus),
 * remembered under the statistics folder by a key that fixes them: the bytes they come from.
 * It lets a run whose statistics are all cached find their file names without loading the
 * model or generating its corpus. A missing or malformed entry is computed again, never trusted.
 */
public final class HashMemo {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final Path folder;

    public HashMemo(Path statsFolder) {
        this.folder = statsFolder.resolve("memo");
    }

    /** The value remembered for {@code key} of this kind, or null. */
    public String get(String kind, String key) {
        Path file = file(kind, key);
        try {
            String value = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.US_ASCII).strip() : null;
            return value != null && SHA256.matcher(value).matches() ? value : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Remembers a value; written under a temporary name and renamed, so a reader never sees half of it. */
    public void put(String kind, String key, String value) {
        Path file = file(kind, key);
        try {
            Files.createDirectories(file.getParent());
            Path partial = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".partial");
            Files.writeString(partial, value + "\n", StandardCharsets.US_ASCII);
            try {
                Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Hex SHA-256 over the given files' names and bytes, in order. */
    public static String filesKey(Iterable<Path> files) {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 16];
        for (Path file : files) {
            digest.update(file.getFileName().toString().getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            try (InputStream in = Files.newInputStream(file)) {
                for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                    digest.update(buffer, 0, read);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(file + " cannot be read: " + e.getMessage(), e);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private Path file(String kind, String key) {
        if (!kind.matches("[a-z-]+") || !SHA256.matcher(key).matches()) {
            throw new IllegalArgumentException("bad memo entry " + kind + "/" + key);
        }
        return folder.resolve(kind).resolve(key);
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
