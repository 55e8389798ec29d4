package org.editgov.audit.verify;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.editgov.audit.wire.ConsistencyProofJson;
import org.editgov.audit.wire.LogEntryJson;
import org.editgov.audit.wire.LogExportJson;
import org.editgov.audit.wire.TreeHeadJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * Reads an export of {@code GET /api/log/export}. The header fields (format, key, heads, consistency proofs)
 * are read at once; the entries, which come last, are streamed one by one so that a log of millions of
 * entries is verified in little memory.
 */
public final class ExportLogSource implements LogSource {

    private final Path file;
    private final ObjectMapper json = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private final JsonParser parser;
    private List<TreeHeadJson> heads = List.of();
    private final Map<String, ConsistencyProofJson> proofs = new HashMap<>();
    private String publicKeyPem;
    private boolean atEntries;

    public ExportLogSource(Path file) {
        this.file = file;
        try {
            parser = json.getFactory().createParser(file.toFile());
            readHeader();
        } catch (IOException e) {
            throw new SourceException("cannot read the export " + file + ": " + e.getMessage(), e);
        }
    }

    /** The public key the export says it was signed with: informative only, never trusted for verification. */
    public String publicKeyPem() {
        return publicKeyPem;
    }

    @Override
    public List<TreeHeadJson> heads() {
        return heads;
    }

    @Override
    public Optional<ConsistencyProofJson> consistency(long firstSize, long secondSize) {
        return Optional.ofNullable(proofs.get(firstSize + ":" + secondSize));
    }

    @Override
    public Iterator<LogEntryJson> entries(long treeSize) {
        if (!atEntries) {
            return List.<LogEntryJson>of().iterator();
        }
        return new Iterator<>() {
            private JsonToken token = nextToken();

            @Override
            public boolean hasNext() {
                return token == JsonToken.START_OBJECT;
            }

            @Override
            public LogEntryJson next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                try {
                    LogEntryJson entry = json.readValue(parser, LogEntryJson.class);
                    token = nextToken();
                    return entry;
                } catch (IOException e) {
                    throw new SourceException("the export " + file + " is malformed in its entries: "
                            + e.getMessage().lines().findFirst().orElse(""), e);
                }
            }
        };
    }

    @Override
    public String describe() {
        return file.toString();
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void readHeader() throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            throw new SourceException(file + " is not a log export (no JSON object)");
        }
        String format = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            switch (field) {
                case LogExportJson.FIELD_FORMAT -> format = parser.getValueAsString();
                case LogExportJson.FIELD_PUBLIC_KEY -> publicKeyPem = parser.getValueAsString();
                case LogExportJson.FIELD_HEADS -> heads = json.readValue(parser, new TypeReference<>() { });
                case LogExportJson.FIELD_CONSISTENCY -> {
                    List<ConsistencyProofJson> list = json.readValue(parser, new TypeReference<>() { });
                    list.forEach(p -> proofs.put(p.firstSize() + ":" + p.secondSize(), p));
                }
                case LogExportJson.FIELD_ENTRIES -> atEntries = true;
                default -> parser.skipChildren();
            }
            if (atEntries) {
                break;
            }
        }
        if (!LogExportJson.FORMAT.equals(format)) {
            throw new SourceException(file + " is not a log export of format " + LogExportJson.FORMAT
                    + " (format: " + format + ")");
        }
    }

    private JsonToken nextToken() {
        try {
            return parser.nextToken();
        } catch (IOException e) {
            throw new SourceException("the export " + file + " is malformed: " + e.getMessage(), e);
        }
    }
}
