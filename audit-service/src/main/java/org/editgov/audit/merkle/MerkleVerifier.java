package org.editgov.audit.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Proof verification exactly as RFC 9162 sections 2.1.3.2 (inclusion) and 2.1.4.2 (consistency) write it,
 * over indices and sizes alone: a verifier needs no tree, only the proof, the hashes and the signed sizes.
 */
public final class MerkleVerifier {

    private MerkleVerifier() {
    }

    public static boolean verifyInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path,
                                          byte[] rootHash) {
        try {
            checkInclusion(leafIndex, treeSize, leafHash, path, rootHash);
            return true;
        } catch (ProofVerificationException e) {
            return false;
        }
    }

    /** @throws ProofVerificationException saying why the proof does not lead from the leaf to the root */
    public static void checkInclusion(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path,
                                      byte[] rootHash) throws ProofVerificationException {
        byte[] computed = rootFromInclusionProof(leafIndex, treeSize, leafHash, path);
        if (!MessageDigest.isEqual(computed, rootHash)) {
            throw new ProofVerificationException("inclusion proof of leaf " + leafIndex + " in tree of " + treeSize
                    + " leads to a different root");
        }
    }

    /** The root an inclusion proof leads to (RFC 9162 section 2.1.3.2, steps 1 to 5 less the comparison). */
    public static byte[] rootFromInclusionProof(long leafIndex, long treeSize, byte[] leafHash, List<byte[]> path)
            throws ProofVerificationException {
        if (leafIndex < 0 || leafIndex >= treeSize) {
            throw new ProofVerificationException("leaf index " + leafIndex + " outside a tree of " + treeSize);
        }
        requireHashes(leafHash, path);
        long fn = leafIndex;
        long sn = treeSize - 1;
        byte[] r = leafHash;
        for (byte[] p : path) {
            if (sn == 0) {
                throw new ProofVerificationException("inclusion proof longer than a tree of " + treeSize + " needs");
            }
            if ((fn & 1) == 1 || fn == sn) {
                r = MerkleHashing.nodeHash(p, r);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                r = MerkleHashing.nodeHash(r, p);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw new ProofVerificationException("inclusion proof shorter than a tree of " + treeSize + " needs");
        }
        return r;
    }

    public static boolean verifyConsistency(long firstSize, long secondSize, byte[] firstRoot, byte[] secondRoot,
                                            List<byte[]> path) {
        try {
            checkConsistency(firstSize, secondSize, firstRoot, secondRoot, path);
            return true;
        } catch (ProofVerificationException e) {
            return false;
        }
    }

    /**
     * Checks that the tree of {@code secondSize} leaves with {@code secondRoot} extends the tree of
     * {@code firstSize} leaves with {@code firstRoot}. RFC 9162 covers 0 < first < second; equal sizes need
     * an empty proof and equal roots, and a first size of 0 (the empty root) an empty proof.
     *
     * @throws ProofVerificationException saying which check failed
     */
    public static void checkConsistency(long firstSize, long secondSize, byte[] firstRoot, byte[] secondRoot,
                                        List<byte[]> path) throws ProofVerificationException {
        if (firstSize < 0 || secondSize < firstSize) {
            throw new ProofVerificationException("no consistency from size " + firstSize + " to " + secondSize);
        }
        requireHashes(firstRoot, path);
        requireHashes(secondRoot, List.of());
        if (firstSize == secondSize || firstSize == 0) {
            if (!path.isEmpty()) {
                throw new ProofVerificationException("consistency from size " + firstSize + " to " + secondSize
                        + " needs an empty proof");
            }
            byte[] expectedFirst = firstSize == 0 ? MerkleHashing.emptyRoot() : secondRoot;
            if (!MessageDigest.isEqual(firstRoot, expectedFirst)) {
                throw new ProofVerificationException("first root is not the root of a tree of " + firstSize
                        + (firstSize == 0 ? "" : " with the second root"));
            }
            return;
        }
        if (path.isEmpty()) {
            throw new ProofVerificationException("empty consistency proof from size " + firstSize + " to "
                    + secondSize);
        }
        List<byte[]> nodes = path;
        if (Long.bitCount(firstSize) == 1) {
            nodes = new ArrayList<>(path.size() + 1);
            nodes.add(firstRoot);
            nodes.addAll(path);
        }
        long fn = firstSize - 1;
        long sn = secondSize - 1;
        while ((fn & 1) == 1) {
            fn >>= 1;
            sn >>= 1;
        }
        byte[] fr = nodes.get(0);
        byte[] sr = nodes.get(0);
        for (byte[] c : nodes.subList(1, nodes.size())) {
            if (sn == 0) {
                throw new ProofVerificationException("consistency proof longer than sizes " + firstSize + " to "
                        + secondSize + " need");
            }
            if ((fn & 1) == 1 || fn == sn) {
                fr = MerkleHashing.nodeHash(c, fr);
                sr = MerkleHashing.nodeHash(c, sr);
                while ((fn & 1) == 0 && fn != 0) {
                    fn >>= 1;
                    sn >>= 1;
                }
            } else {
                sr = MerkleHashing.nodeHash(sr, c);
            }
            fn >>= 1;
            sn >>= 1;
        }
        if (sn != 0) {
            throw new ProofVerificationException("consistency proof shorter than sizes " + firstSize + " to "
                    + secondSize + " need");
        }
        if (!MessageDigest.isEqual(fr, firstRoot)) {
            throw new ProofVerificationException("consistency proof does not lead to the first root");
        }
        if (!MessageDigest.isEqual(sr, secondRoot)) {
            throw new ProofVerificationException("consistency proof does not lead to the second root");
        }
    }

    private static void requireHashes(byte[] hash, List<byte[]> path) throws ProofVerificationException {
        if (hash == null || hash.length != MerkleHashing.HASH_BYTES) {
            throw new ProofVerificationException("a hash of the proof is not " + MerkleHashing.HASH_BYTES + " bytes");
        }
        for (byte[] node : path) {
            if (node == null || node.length != MerkleHashing.HASH_BYTES) {
                throw new ProofVerificationException("a node of the proof is not " + MerkleHashing.HASH_BYTES
                        + " bytes");
            }
        }
    }
}
