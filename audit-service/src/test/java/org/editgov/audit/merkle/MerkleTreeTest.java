package org.editgov.audit.merkle;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MerkleTreeTest {

    @Test
    void appendReturnsConsecutiveIndices() {
        MerkleTree tree = new MerkleTree();
        for (int i = 0; i < 10; i++) {
            assertEquals(i, tree.append(MerkleHashing.leafHash(new byte[] {(byte) i})));
        }
        assertEquals(10, tree.size());
        assertArrayEquals(MerkleHashing.leafHash(new byte[] {3}), tree.leafHash(3));
    }

    @Test
    void aTreeLoadedFromStorageEqualsTheTreeThatWasAppended() {
        List<byte[]> leaves = randomLeaves(10_000, 7);
        MerkleTree appended = new MerkleTree();
        leaves.forEach(appended::append);
        AtomicInteger rangeReads = new AtomicInteger();
        LeafHashSource storage = new LeafHashSource() {
            @Override
            public long size() {
                return leaves.size();
            }

            @Override
            public byte[] leafHash(long index) {
                return leaves.get((int) index);
            }

            @Override
            public List<byte[]> leafHashes(long from, int count) {
                rangeReads.incrementAndGet();
                return leaves.subList((int) from, (int) from + count);
            }
        };

        MerkleTree loaded = MerkleTree.load(storage);

        assertEquals(10_000, loaded.size());
        assertArrayEquals(appended.rootHash(), loaded.rootHash());
        assertArrayEquals(appended.rootHash(4_321), loaded.rootHash(4_321));
        assertEquals(3, rangeReads.get(), "reads storage in batches, not leaf by leaf");
    }

    @Test
    void largeTreeAgreesWithTheFrontierAndItsProofsVerify() {
        int size = 100_000;
        List<byte[]> leaves = randomLeaves(size, 11);
        MerkleTree tree = new MerkleTree();
        MerkleFrontier frontier = new MerkleFrontier();
        List<byte[]> rootsAtCheckpoints = new ArrayList<>();
        List<Integer> checkpoints = List.of(1, 2, 1023, 1024, 1025, 65_535, 65_536, 65_537, 99_999, 100_000);
        for (int i = 0; i < size; i++) {
            tree.append(leaves.get(i));
            frontier.append(leaves.get(i));
            if (checkpoints.contains(i + 1)) {
                assertArrayEquals(frontier.rootHash(), tree.rootHash(), "size " + (i + 1));
                rootsAtCheckpoints.add(frontier.rootHash());
            }
        }
        Random random = new Random(5);
        for (int c = 0; c < checkpoints.size(); c++) {
            int n = checkpoints.get(c);
            byte[] root = rootsAtCheckpoints.get(c);
            assertArrayEquals(root, tree.rootHash(n), "historical root of " + n);
            for (int s = 0; s < 50; s++) {
                int m = random.nextInt(n);
                assertTrue(tree.inclusionProof(m, n).verify(leaves.get(m), root), m + " in " + n);
            }
            for (int earlier = 0; earlier <= c; earlier++) {
                int m = checkpoints.get(earlier);
                assertTrue(tree.consistencyProof(m, n).verify(rootsAtCheckpoints.get(earlier), root), m + " to " + n);
            }
        }
    }

    @Test
    void proofsAreOnlyGivenForSizesAndLeavesTheTreeHas() {
        MerkleTree tree = new MerkleTree();
        randomLeaves(5, 3).forEach(tree::append);

        assertEquals("no tree of size 6; the log holds 5 leaves",
                assertThrows(InvalidTreeRequestException.class, () -> tree.inclusionProof(0, 6)).getMessage());
        assertEquals("no leaf 5 in a tree of 5",
                assertThrows(InvalidTreeRequestException.class, () -> tree.inclusionProof(5, 5)).getMessage());
        assertThrows(InvalidTreeRequestException.class, () -> tree.inclusionProof(-1, 5));
        assertEquals("cannot prove consistency from size 4 to the smaller size 3",
                assertThrows(InvalidTreeRequestException.class, () -> tree.consistencyProof(4, 3)).getMessage());
        assertThrows(InvalidTreeRequestException.class, () -> tree.consistencyProof(1, 6));
        assertThrows(InvalidTreeRequestException.class, () -> tree.rootHash(6));
        assertThrows(InvalidTreeRequestException.class, () -> tree.leafHash(5));
        assertThrows(IllegalArgumentException.class, () -> tree.append(new byte[31]));
    }

    @Test
    void verificationExplainsWhyAProofFails() {
        MerkleTree tree = new MerkleTree();
        List<byte[]> leaves = randomLeaves(6, 4);
        leaves.forEach(tree::append);
        InclusionProof proof = tree.inclusionProof(2, 6);

        ProofVerificationException wrongRoot = assertThrows(ProofVerificationException.class, () ->
                MerkleVerifier.checkInclusion(2, 6, leaves.get(2), proof.path(), tree.rootHash(5)));
        assertEquals("inclusion proof of leaf 2 in tree of 6 leads to a different root", wrongRoot.getMessage());
        ProofVerificationException truncated = assertThrows(ProofVerificationException.class, () ->
                MerkleVerifier.checkInclusion(2, 6, leaves.get(2), proof.path().subList(0, 1), tree.rootHash()));
        assertEquals("inclusion proof shorter than a tree of 6 needs", truncated.getMessage());
        ProofVerificationException badNode = assertThrows(ProofVerificationException.class, () ->
                MerkleVerifier.checkInclusion(2, 6, leaves.get(2), List.of(new byte[3]), tree.rootHash()));
        assertEquals("a node of the proof is not 32 bytes", badNode.getMessage());
        ProofVerificationException rewritten = assertThrows(ProofVerificationException.class, () ->
                MerkleVerifier.checkConsistency(3, 6, tree.rootHash(2), tree.rootHash(), tree.consistencyProof(3, 6).path()));
        assertEquals("consistency proof does not lead to the first root", rewritten.getMessage());
    }

    @Test
    void readersProveWhileAWriterAppends() throws Exception {
        MerkleTree tree = new MerkleTree();
        List<byte[]> leaves = randomLeaves(20_000, 8);
        for (int i = 0; i < 1_000; i++) {
            tree.append(leaves.get(i));
        }
        AtomicInteger failures = new AtomicInteger();
        Thread reader = new Thread(() -> {
            Random random = new Random(6);
            for (int i = 0; i < 5_000; i++) {
                long n = tree.size();
                int m = random.nextInt((int) n);
                if (!tree.inclusionProof(m, n).verify(leaves.get(m), tree.rootHash(n))) {
                    failures.incrementAndGet();
                }
            }
        });
        reader.start();
        for (int i = 1_000; i < leaves.size(); i++) {
            tree.append(leaves.get(i));
        }
        reader.join();
        assertEquals(0, failures.get());
    }

    static List<byte[]> randomLeaves(int count, long seed) {
        Random random = new Random(seed);
        List<byte[]> leaves = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] entry = new byte[24];
            random.nextBytes(entry);
            leaves.add(MerkleHashing.leafHash(entry));
        }
        return leaves;
    }
}
