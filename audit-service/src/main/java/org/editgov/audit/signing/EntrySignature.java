package org.editgov.audit.signing;

import org.editgov.contracts.CanonicalJson;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the log signs for each entry: its position and its leaf hash, as the RFC 8785 canonical JSON of
 * {@code {"format":"editgov-log-entry-v1","index":i,"leafHash":"<hex>"}}. The tree heads already make the
 * log tamper-evident; this signature lets a verifier say <em>which</em> entry was altered, moved or removed
 * instead of only that some root no longer matches.
 */
public final class EntrySignature {

    public static final String FORMAT = "editgov-log-entry-v1";

    private EntrySignature() {
    }

    public static byte[] signingInput(long index, byte[] leafHash) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", FORMAT);
        document.put("index", index);
        document.put("leafHash", HexFormat.of().formatHex(leafHash));
        return CanonicalJson.bytesOf(document);
    }
}
