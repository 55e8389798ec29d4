package org.editgov.audit.signing;

import org.editgov.contracts.CanonicalJson;

import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The state of the log at one moment: how many entries it held and the Merkle root over them.
 *
 * <p>What gets signed is the RFC 8785 canonical JSON of
 * {@code {"format":"editgov-tree-head-v1","rootHash":"<hex>","timestamp":"<ISO-8601>","treeSize":<n>}};
 * the {@code format} field keeps a head's signature from ever being valid for another kind of document
 * signed with the same key (such as a log entry).
 */
public record TreeHead(long treeSize, byte[] rootHash, Instant timestamp) {

    public static final String FORMAT = "editgov-tree-head-v1";

    public TreeHead {
        if (treeSize < 0) {
            throw new IllegalArgumentException("tree size must not be negative: " + treeSize);
        }
        Objects.requireNonNull(rootHash, "rootHash");
        if (rootHash.length != 32) {
            throw new IllegalArgumentException("root hash must be 32 bytes, got " + rootHash.length);
        }
        Objects.requireNonNull(timestamp, "timestamp");
        rootHash = rootHash.clone();
    }

    @Override
    public byte[] rootHash() {
        return rootHash.clone();
    }

    public String rootHashHex() {
        return HexFormat.of().formatHex(rootHash);
    }

    /** The bytes a signature over this head covers. */
    public byte[] signingInput() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("format", FORMAT);
        document.put("rootHash", rootHashHex());
        document.put("timestamp", timestamp.toString());
        document.put("treeSize", treeSize);
        return CanonicalJson.bytesOf(document);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TreeHead head && treeSize == head.treeSize
                && Arrays.equals(rootHash, head.rootHash) && timestamp.equals(head.timestamp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(treeSize, Arrays.hashCode(rootHash), timestamp);
    }

    @Override
    public String toString() {
        return "TreeHead[treeSize=" + treeSize + ", rootHash=" + rootHashHex() + ", timestamp=" + timestamp + "]";
    }
}
