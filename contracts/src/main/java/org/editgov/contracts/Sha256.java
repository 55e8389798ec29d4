package org.editgov.contracts;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** SHA-256 digests and their lower-case hex form, the content address of artifacts and deltas. */
public final class Sha256 {

    public static final int DIGEST_BYTES = 32;

    private static final HexFormat HEX = HexFormat.of();
    private static final Pattern HEX_DIGEST = Pattern.compile("[0-9a-f]{64}");

    private Sha256() {
    }

    /** A fresh SHA-256 digester (every JDK has one). */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    public static byte[] digest(byte[] data) {
        return newDigest().digest(data);
    }

    /** Lower-case hex SHA-256 of the bytes. */
    public static String hex(byte[] data) {
        return HEX.formatHex(digest(data));
    }

    /** Lower-case hex SHA-256 of everything the stream yields (read to its end, not closed). */
    public static String hex(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[1 << 16];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            digest.update(buffer, 0, n);
        }
        return HEX.formatHex(digest.digest());
    }

    /** Lower-case hex SHA-256 of a file's bytes, streamed. */
    public static String hexOfFile(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return hex(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public static String toHex(byte[] digest) {
        return HEX.formatHex(digest);
    }

    /** @throws IllegalArgumentException unless the text is a 64-digit lower-case hex digest */
    public static byte[] fromHex(String hexDigest) {
        if (!isHexDigest(hexDigest)) {
            throw new IllegalArgumentException("not a lower-case hex SHA-256 digest: '" + hexDigest + "'");
        }
        return HEX.parseHex(hexDigest);
    }

    public static boolean isHexDigest(String text) {
        return text != null && HEX_DIGEST.matcher(text).matches();
    }
}
