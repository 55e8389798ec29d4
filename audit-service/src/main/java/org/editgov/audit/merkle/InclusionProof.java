package org.editgov.audit.merkle;

import java.util.HexFormat;
import java.util.List;

/**
 * PATH(leafIndex, D[treeSize]) of RFC 9162 section 2.1.3: the sibling hashes from the leaf up to the root,
 * lowest first. Compare proofs by {@link #pathHex()}: arrays compare by identity.
 */
public record InclusionProof(long leafIndex, long treeSize, List<byte[]> path) {

    public InclusionProof {
        path = List.copyOf(path);
    }

    /** The path as lower-case hex strings, lowest first. */
    public List<String> pathHex() {
        return path.stream().map(HexFormat.of()::formatHex).toList();
    }

    /** Whether this proves that the leaf with this hash is in the tree with this root. */
    public boolean verify(byte[] leafHash, byte[] rootHash) {
        return MerkleVerifier.verifyInclusion(leafIndex, treeSize, leafHash, path, rootHash);
    }
}
