package org.editgov.audit.merkle;

import java.util.ArrayList;
import java.util.List;

/**
 * The compact form of an append-only tree: only the roots of its maximal complete subtrees (one per set
 * bit of the size, largest first), enough to append and to compute the root in O(log n) memory. For
 * following a log as it streams past, e.g. a verifier reading an export of millions of entries.
 */
public final class MerkleFrontier {

    private final List<byte[]> subtreeRoots = new ArrayList<>();
    private long size;

    public long size() {
        return size;
    }

    public void append(byte[] leafHash) {
        MerkleHashing.requireHash(leafHash, "leaf hash");
        byte[] node = leafHash;
        // Each trailing one bit of the old size is a complete subtree of the new leaf's size that it now pairs with.
        for (long s = size; (s & 1) == 1; s >>= 1) {
            node = MerkleHashing.nodeHash(subtreeRoots.remove(subtreeRoots.size() - 1), node);
        }
        subtreeRoots.add(node);
        size++;
    }

    /** MTH of the leaves appended so far: the subtree roots folded from the right, as RFC 9162 splits. */
    public byte[] rootHash() {
        if (size == 0) {
            return MerkleHashing.emptyRoot();
        }
        byte[] root = subtreeRoots.get(subtreeRoots.size() - 1);
        for (int i = subtreeRoots.size() - 2; i >= 0; i--) {
            root = MerkleHashing.nodeHash(subtreeRoots.get(i), root);
        }
        return root;
    }
}
