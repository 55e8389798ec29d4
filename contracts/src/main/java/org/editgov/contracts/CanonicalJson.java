package org.editgov.contracts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.erdtman.jcs.JsonCanonicalizer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON Canonicalization Scheme (RFC 8785): keys sorted by UTF-16 code units, no whitespace, numbers
 * as ECMAScript prints IEEE-754 doubles, strings with the minimal escapes. Two parties that agree on the
 * content of a document get the same bytes, so the bytes can be hashed and signed.
 *
 * <p>Numbers are doubles: an integer beyond 2^53 loses precision; keep such values in strings.
 */
public final class CanonicalJson {

    private static final ObjectMapper MAPPER = EventCodec.newObjectMapper();

    private CanonicalJson() {
    }

    /** The canonical form of a JSON text. @throws IllegalArgumentException when the text is not JSON */
    public static String canonicalize(String json) {
        try {
            return new JsonCanonicalizer(json).getEncodedString();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot canonicalize JSON: " + e.getMessage(), e);
        }
    }

    /** The UTF-8 bytes of the canonical form of a JSON text. */
    public static byte[] bytes(String json) {
        return canonicalize(json).getBytes(StandardCharsets.UTF_8);
    }

    /** The UTF-8 bytes of the canonical form of a JSON tree. */
    public static byte[] bytes(JsonNode json) {
        return bytes(json.toString());
    }

    /** The UTF-8 bytes of the canonical form of any value Jackson can write (records, maps, events). */
    public static byte[] bytesOf(Object value) {
        try {
            return bytes(MAPPER.writeValueAsString(value));
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }
}
