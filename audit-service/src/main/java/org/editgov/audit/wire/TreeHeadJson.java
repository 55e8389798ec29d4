package org.editgov.audit.wire;

import org.editgov.audit.signing.SignedTreeHead;
import org.editgov.audit.signing.TreeHead;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * A signed tree head as the HTTP API and the export carry it. {@code timestamp} is exactly the
 * {@link Instant#toString()} that was signed; {@code signature} is base64.
 */
public record TreeHeadJson(long treeSize, String rootHash, String timestamp, String keyId, String signature) {

    public static TreeHeadJson of(SignedTreeHead sth) {
        TreeHead head = sth.head();
        return new TreeHeadJson(head.treeSize(), head.rootHashHex(), head.timestamp().toString(), sth.keyId(),
                sth.signatureBase64());
    }

    /** @throws WireFormatException when a field is missing or malformed */
    public SignedTreeHead toSigned() {
        try {
            return new SignedTreeHead(new TreeHead(treeSize, HexFormat.of().parseHex(rootHash),
                    Instant.parse(timestamp)), keyId, Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException | NullPointerException | DateTimeParseException e) {
            throw new WireFormatException("tree head of size " + treeSize + " is malformed: " + e.getMessage());
        }
    }
}
