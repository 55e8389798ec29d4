package org.editgov.audit.wire;

import org.editgov.audit.merkle.InclusionProof;

import java.util.List;

/** An inclusion proof: sibling hashes (hex), lowest first, from leaf {@code leafIndex} to the root of {@code treeSize}. */
public record InclusionProofJson(long leafIndex, long treeSize, List<String> path) {

    public static InclusionProofJson of(InclusionProof proof) {
        return new InclusionProofJson(proof.leafIndex(), proof.treeSize(), proof.pathHex());
    }

    public List<byte[]> pathBytes() {
        return Hex.decodeAll(path, "inclusion proof of leaf " + leafIndex);
    }
}
