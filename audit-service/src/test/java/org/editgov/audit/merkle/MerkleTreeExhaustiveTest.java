package org.editgov.audit.merkle;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every tree size from 1 to 300 against the RFC 9162 definitions ({@link ReferenceMerkle}): roots, every
 * inclusion proof and every consistency proof equal the RFC's and verify, and none survives a flipped bit
 * of a hash it takes (leaf or first root, each proof node, root). For every size, every single-bit change
 * of every hash is tried on the inclusion proofs of the first, middle and last leaf and on the consistency
 * proofs from sizes 1, n/2, n-1 and n; see {@link #assertFlipsFail} for the other proofs. About 6 s of CPU on
 * one core (printed by the test).
 */
class MerkleTreeExhaustiveTest {

    private static final int MAX_SIZE = 300;
    /** Up to this size every bit of every hash of every proof is flipped. */
    private static final int EVERY_BIT_ALL_PROOFS_UP_TO = 17;
    private static final int BITS = MerkleHashing.HASH_BYTES * 8;

    private static ReferenceMerkle reference;
    private static MerkleTree tree;

    @BeforeAll
    static void buildTrees() {
        Random random = new Random(9162);
        List<byte[]> data = new ArrayList<>();
        tree = new MerkleTree();
        for (int i = 0; i < MAX_SIZE; i++) {
            byte[] entry = new byte[random.nextInt(40)];
            random.nextBytes(entry);
            data.add(entry);
            tree.append(MerkleHashing.leafHash(entry));
        }
        reference = new ReferenceMerkle(data);
    }

    @Test
    void rootsOfEverySizeMatchTheRfcDefinitionAndTheFrontier() {
        MerkleFrontier frontier = new MerkleFrontier();
        assertArrayEquals(reference.mth(0, 0), frontier.rootHash());
        assertArrayEquals(reference.mth(0, 0), tree.rootHash(0));
        for (int n = 1; n <= MAX_SIZE; n++) {
            frontier.append(reference.leafHash(n - 1));
            assertArrayEquals(reference.mth(0, n), tree.rootHash(n), "size " + n);
            assertArrayEquals(reference.mth(0, n), frontier.rootHash(), "frontier size " + n);
            assertEquals(n, frontier.size());
        }
    }

    @Test
    void everyInclusionProofIsTheRfcPathVerifiesAndFailsOnAChangedBit() {
        Random random = new Random(1);
        int proofs = 0;
        int everyBitProofs = 0;
        long cpuStart = threadCpuNanos();
        for (int n = 1; n <= MAX_SIZE; n++) {
            byte[] root = reference.mth(0, n);
            Set<Integer> everyBitLeaves = new HashSet<>(List.of(0, (n - 1) / 2, n - 1));
            for (int m = 0; m < n; m++) {
                InclusionProof proof = tree.inclusionProof(m, n);
                byte[] leaf = reference.leafHash(m);
                assertEquals(ReferenceMerkle.hex(reference.path(m, 0, n)), proof.pathHex(), "path " + m + " of " + n);
                assertTrue(MerkleVerifier.verifyInclusion(m, n, leaf, proof.path(), root), "leaf " + m + " of " + n);
                proofs++;

                // The hashes the verifier takes: the leaf, each node of the path, the root.
                List<byte[]> hashes = new ArrayList<>();
                hashes.add(leaf);
                hashes.addAll(proof.path());
                hashes.add(root);
                final int index = m;
                final int size = n;
                Predicate<List<byte[]>> verifies = h -> MerkleVerifier.verifyInclusion(index, size, h.get(0),
                        h.subList(1, h.size() - 1), h.get(h.size() - 1));
                everyBitProofs += assertFlipsFail(hashes, verifies, n, everyBitLeaves.contains(m), random,
                        "leaf " + m + " of " + n) ? 1 : 0;
                assertWrongShapeFails(m, n, leaf, proof.path(), root);
            }
        }
        assertEquals(MAX_SIZE * (MAX_SIZE + 1) / 2, proofs);
        // Sizes 1..17: every proof; above, the first, middle and last leaf (fewer where they coincide).
        assertEquals(17 * 18 / 2 + 3 * (MAX_SIZE - 17), everyBitProofs);
        printCpu("inclusion proofs", cpuStart);
    }

    @Test
    void everyConsistencyProofIsTheRfcProofVerifiesAndFailsOnAChangedBit() {
        Random random = new Random(2);
        int proofs = 0;
        int everyBitProofs = 0;
        long cpuStart = threadCpuNanos();
        for (int n = 1; n <= MAX_SIZE; n++) {
            byte[] second = reference.mth(0, n);
            Set<Integer> everyBitFirstSizes = new HashSet<>(List.of(1, Math.max(1, n / 2), Math.max(1, n - 1), n));
            for (int m = 1; m <= n; m++) {
                ConsistencyProof proof = tree.consistencyProof(m, n);
                byte[] first = reference.mth(0, m);
                List<String> expected = m == n ? List.of() : ReferenceMerkle.hex(reference.proof(m, n));
                assertEquals(expected, proof.pathHex(), "proof " + m + " to " + n);
                assertTrue(MerkleVerifier.verifyConsistency(m, n, first, second, proof.path()), m + " to " + n);
                proofs++;

                // The hashes the verifier takes: the first root, each node of the proof, the second root.
                List<byte[]> hashes = new ArrayList<>();
                hashes.add(first);
                hashes.addAll(proof.path());
                hashes.add(second);
                final int from = m;
                final int to = n;
                Predicate<List<byte[]>> verifies = h -> MerkleVerifier.verifyConsistency(from, to, h.get(0),
                        h.get(h.size() - 1), h.subList(1, h.size() - 1));
                everyBitProofs += assertFlipsFail(hashes, verifies, n, everyBitFirstSizes.contains(m), random,
                        m + " to " + n) ? 1 : 0;
                if (m > 1) {
                    assertFalse(MerkleVerifier.verifyConsistency(m - 1, n, reference.mth(0, m - 1), second,
                            proof.path()), "proof for " + m + " used for " + (m - 1));
                }
                if (m < n) {
                    assertFalse(MerkleVerifier.verifyConsistency(m, n, first, second, proof.path().subList(1,
                            proof.path().size())), "proof " + m + " to " + n + " without its first node");
                }
            }
        }
        assertEquals(MAX_SIZE * (MAX_SIZE + 1) / 2, proofs);
        // Sizes 1..17: every proof; above, from sizes 1, n/2, n-1 and n.
        assertEquals(17 * 18 / 2 + 4 * (MAX_SIZE - 17), everyBitProofs);
        printCpu("consistency proofs", cpuStart);
    }

    @Test
    void theEmptyTreeIsConsistentWithEveryTree() {
        for (int n = 0; n <= MAX_SIZE; n += 37) {
            ConsistencyProof proof = tree.consistencyProof(0, n);
            assertTrue(proof.path().isEmpty());
            assertTrue(proof.verify(reference.mth(0, 0), reference.mth(0, n)));
            assertFalse(proof.verify(reference.mth(0, 1), reference.mth(0, n)));
        }
    }

    private static void assertWrongShapeFails(int m, int n, byte[] leaf, List<byte[]> path, byte[] root) {
        if (n > 1) {
            assertFalse(MerkleVerifier.verifyInclusion((m + 1) % n, n, leaf, path, root), "leaf " + m + " moved");
            assertFalse(MerkleVerifier.verifyInclusion(m, n, leaf, path.subList(0, path.size() - 1), root),
                    "leaf " + m + " of " + n + " with a node dropped");
        }
        List<byte[]> longer = new ArrayList<>(path);
        longer.add(root);
        assertFalse(MerkleVerifier.verifyInclusion(m, n, leaf, longer, root), "leaf " + m + " with a node added");
        assertFalse(MerkleVerifier.verifyInclusion(n, n, leaf, path, root), "index past the end");
    }

    /**
     * Flips bits of the hashes a verifier takes and checks the proof fails every time: every bit of every
     * hash for all proofs of small trees and for the chosen proofs of every size; one seeded bit of one seeded
     * hash for the remaining proofs.
     *
     * @return whether every bit was flipped
     */
    private static boolean assertFlipsFail(List<byte[]> hashes, Predicate<List<byte[]>> verifies, int size,
                                           boolean chosenProof, Random random, String what) {
        if (size <= EVERY_BIT_ALL_PROOFS_UP_TO || chosenProof) {
            for (int position = 0; position < hashes.size(); position++) {
                for (int bit = 0; bit < BITS; bit++) {
                    assertFlipFails(hashes, position, bit, verifies, what);
                }
            }
            return true;
        }
        assertFlipFails(hashes, random.nextInt(hashes.size()), random.nextInt(BITS), verifies, what);
        return false;
    }

    private static long threadCpuNanos() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    /** CPU seconds the test took on its one thread, so the cost stays visible however loaded the machine is. */
    private static void printCpu(String what, long startNanos) {
        System.out.printf(Locale.ROOT, "MerkleTreeExhaustiveTest %s: %.1f s CPU%n", what,
                (threadCpuNanos() - startNanos) / 1e9);
    }

    private static void assertFlipFails(List<byte[]> hashes, int position, int bit, Predicate<List<byte[]>> verifies,
                                        String what) {
        byte[] bad = hashes.get(position).clone();
        bad[bit / 8] ^= (byte) (1 << (bit % 8));
        if (verifies.test(replace(hashes, position, bad))) {
            fail(what + ": proof still verifies with bit " + bit + " of hash " + position + " flipped");
        }
    }

    private static List<byte[]> replace(List<byte[]> path, int at, byte[] node) {
        List<byte[]> copy = new ArrayList<>(path);
        copy.set(at, node);
        return copy;
    }
}
