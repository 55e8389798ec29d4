package org.editgov.audit.merkle;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * An append-only Merkle tree (RFC 9162 section 2.1) held in memory, that answers roots and proofs for its
 * current size and for every earlier size.
 *
 * <p>It keeps the hash of every complete subtree: level {@code l} holds, in order, the nodes over leaves
 * {@code [i * 2^l, (i + 1) * 2^l)}. A complete subtree never changes once its last leaf is appended, so an
 * append adds one leaf and hashes only the subtrees it completes (amortised one node hash), and any RFC
 * subtree MTH(D[a:b]) is a stored node or the hash of a stored node and a smaller such subtree: a root or a
 * proof costs O(log n) lookups and at most O(log^2 n) hashes, whatever the size. Memory: about 64 bytes a
 * leaf.
 *
 * <p>Thread-safe: one writer appends while any number of readers prove.
 */
public final class MerkleTree {

    private static final int LOAD_BATCH = 4096;

    private final List<HashStore> levels = new ArrayList<>();
    private final ReadWriteLock lock = new ReentrantReadWriteLock();

    public MerkleTree() {
        levels.add(new HashStore());
    }

    /** A tree of every leaf hash of a source, in index order. */
    public static MerkleTree load(LeafHashSource source) {
        MerkleTree tree = new MerkleTree();
        long size = source.size();
        for (long from = 0; from < size; from += LOAD_BATCH) {
            int count = (int) Math.min(LOAD_BATCH, size - from);
            List<byte[]> batch = source.leafHashes(from, count);
            if (batch.size() != count) {
                throw new IllegalStateException("leaf hash source returned " + batch.size() + " hashes for ["
                        + from + ", " + (from + count) + ")");
            }
            batch.forEach(tree::append);
        }
        return tree;
    }

    /** Number of leaves. */
    public long size() {
        lock.readLock().lock();
        try {
            return leaves().size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Appends a leaf by its hash ({@link MerkleHashing#leafHash} of the entry) and returns its index.
     */
    public long append(byte[] leafHash) {
        MerkleHashing.requireHash(leafHash, "leaf hash");
        lock.writeLock().lock();
        try {
            long index = leaves().size();
            leaves().append(leafHash);
            byte[] node = leafHash;
            // While the new node is a right child, it completes its parent.
            for (int level = 0; (index & 1) == 1; level++) {
                node = MerkleHashing.nodeHash(levels.get(level).get(index - 1), node);
                index >>= 1;
                if (levels.size() == level + 1) {
                    levels.add(new HashStore());
                }
                levels.get(level + 1).append(node);
            }
            return leaves().size() - 1;
        } finally {
            lock.writeLock().unlock();
        }
    }

    public byte[] leafHash(long index) {
        lock.readLock().lock();
        try {
            if (index < 0 || index >= leaves().size()) {
                throw new InvalidTreeRequestException("no leaf " + index + " in a tree of " + leaves().size());
            }
            return leaves().get(index);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** MTH of the whole tree. */
    public byte[] rootHash() {
        lock.readLock().lock();
        try {
            return root(leaves().size());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** MTH(D[0:treeSize]): the root the tree had when it held {@code treeSize} leaves. */
    public byte[] rootHash(long treeSize) {
        lock.readLock().lock();
        try {
            requireSize(treeSize);
            return root(treeSize);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** PATH(leafIndex, D[treeSize]) of RFC 9162 section 2.1.3.1. */
    public InclusionProof inclusionProof(long leafIndex, long treeSize) {
        lock.readLock().lock();
        try {
            requireSize(treeSize);
            if (leafIndex < 0 || leafIndex >= treeSize) {
                throw new InvalidTreeRequestException("no leaf " + leafIndex + " in a tree of " + treeSize);
            }
            List<byte[]> path = new ArrayList<>();
            collectPath(leafIndex, 0, treeSize, path);
            return new InclusionProof(leafIndex, treeSize, path);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** PROOF(firstSize, D[secondSize]) of RFC 9162 section 2.1.4.1; empty when a size is 0 or both are equal. */
    public ConsistencyProof consistencyProof(long firstSize, long secondSize) {
        lock.readLock().lock();
        try {
            requireSize(secondSize);
            if (firstSize < 0 || firstSize > secondSize) {
                throw new InvalidTreeRequestException("cannot prove consistency from size " + firstSize
                        + " to the smaller size " + secondSize);
            }
            List<byte[]> path = new ArrayList<>();
            if (firstSize > 0) {
                collectSubproof(firstSize, 0, secondSize, true, path);
            }
            return new ConsistencyProof(firstSize, secondSize, path);
        } finally {
            lock.readLock().unlock();
        }
    }

    private HashStore leaves() {
        return levels.get(0);
    }

    private void requireSize(long treeSize) {
        if (treeSize < 0 || treeSize > leaves().size()) {
            throw new InvalidTreeRequestException("no tree of size " + treeSize + "; the log holds "
                    + leaves().size() + " leaves");
        }
    }

    private byte[] root(long treeSize) {
        return treeSize == 0 ? MerkleHashing.emptyRoot() : subtreeHash(0, treeSize);
    }

    /**
     * MTH(D[start:end]) for a range of the RFC's recursion (start a multiple of the largest power of two
     * below end - start): a stored node when the range is a complete aligned subtree, else split as the RFC does.
     */
    private byte[] subtreeHash(long start, long end) {
        long width = end - start;
        if (Long.bitCount(width) == 1 && start % width == 0) {
            int level = Long.numberOfTrailingZeros(width);
            return levels.get(level).get(start >> level);
        }
        long k = largestPowerOfTwoBelow(width);
        return MerkleHashing.nodeHash(subtreeHash(start, start + k), subtreeHash(start + k, end));
    }

    // PATH(m, D[start:end]) = PATH(m, D[start:start+k]) : MTH(D[start+k:end])   if m < start + k
    //                       = PATH(m, D[start+k:end]) : MTH(D[start:start+k])   otherwise
    private void collectPath(long m, long start, long end, List<byte[]> path) {
        if (end - start == 1) {
            return;
        }
        long k = largestPowerOfTwoBelow(end - start);
        if (m < start + k) {
            collectPath(m, start, start + k, path);
            path.add(subtreeHash(start + k, end));
        } else {
            collectPath(m, start + k, end, path);
            path.add(subtreeHash(start, start + k));
        }
    }

    // SUBPROOF(m, D[start:end], b), m counted from start:
    //   m == n: {} if b, else {MTH(D[start:end])}
    //   m <= k: SUBPROOF(m, D[start:start+k], b) : MTH(D[start+k:end])
    //   m > k:  SUBPROOF(m - k, D[start+k:end], false) : MTH(D[start:start+k])
    private void collectSubproof(long m, long start, long end, boolean startsAtOldRoot, List<byte[]> path) {
        long n = end - start;
        if (m == n) {
            if (!startsAtOldRoot) {
                path.add(subtreeHash(start, end));
            }
            return;
        }
        long k = largestPowerOfTwoBelow(n);
        if (m <= k) {
            collectSubproof(m, start, start + k, startsAtOldRoot, path);
            path.add(subtreeHash(start + k, end));
        } else {
            collectSubproof(m - k, start + k, end, false, path);
            path.add(subtreeHash(start, start + k));
        }
    }

    /** The largest power of two strictly below n, for n >= 2 (the split point k of RFC 9162). */
    static long largestPowerOfTwoBelow(long n) {
        return Long.highestOneBit(n - 1);
    }
}
