package org.editgov.audit.merkle;

import java.util.HexFormat;
import java.util.List;

/**
 * PROOF(firstSize, D[secondSize]) of RFC 9162 section 2.1.4: the hashes that show the tree of
 * {@code firstSize} leaves is a prefix of the tree of {@code secondSize} leaves. Empty when the sizes are
 * equal or the first tree is empty. Compare proofs by {@link #pathHex()}: arrays compare by identity.
 */
public record ConsistencyProof(long firstSize, long secondSize, List<byte[]> path) {

    public ConsistencyProof {
        path = List.copyOf(path);
    }

    /** The path as lower-case hex strings, in proof order. */
    public List<String> pathHex() {
        return path.stream().map(HexFormat.of()::formatHex).toList();
    }

    /** Whether this proves the tree with {@code secondRoot} extends the one with {@code firstRoot}. */
    public boolean verify(byte[] firstRoot, byte[] secondRoot) {
        return MerkleVerifier.verifyConsistency(firstSize, secondSize, firstRoot, secondRoot, path);
    }
}
