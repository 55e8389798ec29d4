package org.editgov.memit.edit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;

/**
 * Text that covariance statistics are gathered over: documents read one at a time (so memory
 * does not grow with the corpus), and a SHA-256 that names the content in the cache key.
 */
public interface Corpus {

    String name();

    /** Hex SHA-256 of the content. */
    String sha256();

    /** The documents, in a fixed order, read lazily. */
    Iterable<String> documents();

    /** Documents held in memory (e.g. the embedded world's training text). */
    static Corpus of(String name, List<String> documents) {
        MessageDigest digest = sha256Digest();
        for (String document : documents) {
            byte[] bytes = document.getBytes(StandardCharsets.UTF_8);
            digest.update(Integer.toString(bytes.length).getBytes(StandardCharsets.US_ASCII));
            digest.update((byte) ':');
            digest.update(bytes);
        }
        String hash = HexFormat.of().formatHex(digest.digest());
        List<String> copy = List.copyOf(documents);
        return new Corpus() {
            public String name() {
                return name;
            }

            public String sha256() {
                return hash;
            }

            public Iterable<String> documents() {
                return copy;
            }
        };
    }

    /**
     * Documents generated on demand (a model's world text), whose hash {@code memo} remembers
     * under {@code definitionKey}, the hash of what fixes them: a run that only needs the hash
     * (all statistics cached) does not generate them.
     */
    static Corpus generated(String name, String definitionKey, HashMemo memo, Supplier<List<String>> generator) {
        return new Corpus() {
            private Corpus built;

            public String name() {
                return name;
            }

            public String sha256() {
                String known = memo.get("corpus", definitionKey);
                return known != null ? known : build().sha256();
            }

            public Iterable<String> documents() {
                return build().documents();
            }

            private synchronized Corpus build() {
                if (built == null) {
                    built = of(name, generator.get());
                    memo.put("corpus", definitionKey, built.sha256());
                }
                return built;
            }
        };
    }

    /**
     * A text file (one document per non-empty line) or a JSONL file ({@code .jsonl}: the
     * {@code "text"} field of each line). The hash is that of the file's bytes.
     */
    static Corpus ofFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("corpus " + file + " does not exist");
        }
        MessageDigest digest = sha256Digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[1 << 16];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("corpus " + file + " cannot be read: " + e.getMessage(), e);
        }
        String hash = HexFormat.of().formatHex(digest.digest());
        boolean jsonl = file.getFileName().toString().endsWith(".jsonl");
        return new Corpus() {
            public String name() {
                return file.toString();
            }

            public String sha256() {
                return hash;
            }

            public Iterable<String> documents() {
                return () -> new LineDocuments(file, jsonl);
            }
        };
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    /** Non-empty lines of a file, or their "text" fields; the reader closes at the end. */
    final class LineDocuments implements Iterator<String> {

        private static final ObjectMapper JSON = new ObjectMapper();

        private final Path file;
        private final boolean jsonl;
        private final BufferedReader reader;
        private String next;
        private int lineNumber;

        LineDocuments(Path file, boolean jsonl) {
            this.file = file;
            this.jsonl = jsonl;
            try {
                this.reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("corpus " + file + " cannot be read: " + e.getMessage(), e);
            }
            advance();
        }

        private void advance() {
            try {
                next = null;
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    lineNumber++;
                    if (line.isBlank()) {
                        continue;
                    }
                    next = jsonl ? textOf(line) : line;
                    return;
                }
                reader.close();
            } catch (IOException e) {
                throw new UncheckedIOException("corpus " + file + " cannot be read: " + e.getMessage(), e);
            }
        }

        private String textOf(String line) throws IOException {
            JsonNode node = JSON.readTree(line);
            JsonNode text = node == null ? null : node.get("text");
            if (text == null || !text.isTextual()) {
                throw new IllegalArgumentException("corpus " + file + ", line " + lineNumber + ": has no \"text\" string");
            }
            return text.asText();
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public String next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            String current = next;
            advance();
            return current;
        }
    }
}
