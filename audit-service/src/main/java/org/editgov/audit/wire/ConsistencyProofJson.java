package org.editgov.audit.wire;

import org.editgov.audit.merkle.ConsistencyProof;

import java.util.List;

/** A consistency proof between two tree sizes: hashes (hex) in RFC 9162 order. */
public record ConsistencyProofJson(long firstSize, long secondSize, List<String> path) {

    public static ConsistencyProofJson of(ConsistencyProof proof) {
        return new ConsistencyProofJson(proof.firstSize(), proof.secondSize(), proof.pathHex());
    }

    public List<byte[]> pathBytes() {
        return Hex.decodeAll(path, "consistency proof from " + firstSize + " to " + secondSize);
    }
}
