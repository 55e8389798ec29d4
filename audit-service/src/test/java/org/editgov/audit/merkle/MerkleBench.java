package org.editgov.audit.merkle;

import java.util.Arrays;
import java.util.Random;

/**
 * Speed of the Merkle log core on this machine: appends per second, and the time to make and to verify
 * inclusion and consistency proofs in a tree of N leaves (default 1,000,000). Seeded, single-threaded.
 *
 * <pre>
 * mvn -q -B -o -pl audit-service test-compile
 * java -cp audit-service/target/classes:audit-service/target/test-classes org.editgov.audit.merkle.MerkleBench [N]
 * </pre>
 */
public final class MerkleBench {

    private static final int ENTRY_BYTES = 400;
    private static final int PROOFS = 20_000;

    private MerkleBench() {
    }

    public static void main(String[] args) {
        int size = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Random random = new Random(42);

        // Entries about the size of a canonical audit entry; hashing them is part of an append.
        byte[][] entries = new byte[1024][ENTRY_BYTES];
        for (byte[] entry : entries) {
            random.nextBytes(entry);
        }
        warmUp(entries);

        byte[][] leafHashes = new byte[size][];
        MerkleTree tree = new MerkleTree();
        long start = System.nanoTime();
        for (int i = 0; i < size; i++) {
            byte[] entry = entries[i % entries.length];
            entry[0] = (byte) i;
            entry[1] = (byte) (i >> 8);
            entry[2] = (byte) (i >> 16);
            leafHashes[i] = MerkleHashing.leafHash(entry);
            tree.append(leafHashes[i]);
        }
        double appendSeconds = seconds(start);
        System.out.printf("appends (leaf hash of a %d-byte entry + tree update): %,d in %.2f s = %,.0f appends/s%n",
                ENTRY_BYTES, size, appendSeconds, size / appendSeconds);

        start = System.nanoTime();
        MerkleTree.load(new ArraySource(leafHashes));
        double loadSeconds = seconds(start);
        System.out.printf("rebuild from %,d stored leaf hashes: %.2f s%n", size, loadSeconds);

        start = System.nanoTime();
        byte[] root = tree.rootHash();
        System.out.printf("root of %,d leaves: %.1f us%n", size, (System.nanoTime() - start) / 1e3);

        long[] make = new long[PROOFS];
        long[] verify = new long[PROOFS];
        int pathNodes = 0;
        for (int i = 0; i < PROOFS; i++) {
            int m = random.nextInt(size);
            long t0 = System.nanoTime();
            InclusionProof proof = tree.inclusionProof(m, size);
            long t1 = System.nanoTime();
            boolean ok = proof.verify(leafHashes[m], root);
            long t2 = System.nanoTime();
            if (!ok) {
                throw new IllegalStateException("inclusion proof of " + m + " failed");
            }
            make[i] = t1 - t0;
            verify[i] = t2 - t1;
            pathNodes += proof.path().size();
        }
        report("inclusion proof", size, make, verify, pathNodes);

        pathNodes = 0;
        for (int i = 0; i < PROOFS; i++) {
            int m = 1 + random.nextInt(size - 1);
            byte[] firstRoot = tree.rootHash(m);
            long t0 = System.nanoTime();
            ConsistencyProof proof = tree.consistencyProof(m, size);
            long t1 = System.nanoTime();
            boolean ok = proof.verify(firstRoot, root);
            long t2 = System.nanoTime();
            if (!ok) {
                throw new IllegalStateException("consistency proof from " + m + " failed");
            }
            make[i] = t1 - t0;
            verify[i] = t2 - t1;
            pathNodes += proof.path().size();
        }
        report("consistency proof", size, make, verify, pathNodes);
    }

    private static void warmUp(byte[][] entries) {
        MerkleTree tree = new MerkleTree();
        for (int i = 0; i < 200_000; i++) {
            tree.append(MerkleHashing.leafHash(entries[i % entries.length]));
        }
        for (int i = 0; i < 50_000; i++) {
            int m = i % 200_000;
            tree.inclusionProof(m, 200_000).verify(tree.leafHash(m), tree.rootHash());
            tree.consistencyProof(m + 1, 200_000).verify(tree.rootHash(m + 1), tree.rootHash());
        }
    }

    private static void report(String what, int size, long[] make, long[] verify, int pathNodes) {
        System.out.printf("%s in %,d leaves (%d random, %.1f nodes each): make p50 %.1f us p99 %.1f us; "
                        + "verify p50 %.1f us p99 %.1f us%n", what, size, make.length,
                pathNodes / (double) make.length, percentile(make, 50), percentile(make, 99),
                percentile(verify, 50), percentile(verify, 99));
    }

    private static double percentile(long[] nanos, int p) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return sorted[Math.min(sorted.length - 1, sorted.length * p / 100)] / 1e3;
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private record ArraySource(byte[][] hashes) implements LeafHashSource {
        @Override
        public long size() {
            return hashes.length;
        }

        @Override
        public byte[] leafHash(long index) {
            return hashes[(int) index];
        }
    }
}
