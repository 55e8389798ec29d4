package org.editgov.audit.merkle;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The hashing of RFC 9162 section 2.1.1 with SHA-256. Leaves and interior nodes get different one-byte
 * prefixes, so no leaf can be passed off as a node (second-preimage resistance of the tree).
 */
public final class MerkleHashing {

    public static final int HASH_BYTES = 32;

    private static final byte LEAF_PREFIX = 0x00;
    private static final byte NODE_PREFIX = 0x01;

    // MessageDigest is stateful; one per thread lets proofs be computed concurrently without locking.
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(MerkleHashing::newSha256);

    private MerkleHashing() {
    }

    /** MTH({}) = SHA-256(), the root of the empty tree. */
    public static byte[] emptyRoot() {
        MessageDigest digest = SHA256.get();
        digest.reset();
        return digest.digest();
    }

    /** MTH({d}) = SHA-256(0x00 || d). */
    public static byte[] leafHash(byte[] data) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        digest.update(LEAF_PREFIX);
        digest.update(data);
        return digest.digest();
    }

    /** SHA-256(0x01 || left || right), the hash of an interior node. */
    public static byte[] nodeHash(byte[] left, byte[] right) {
        MessageDigest digest = SHA256.get();
        digest.reset();
        digest.update(NODE_PREFIX);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    static void requireHash(byte[] hash, String what) {
        if (hash == null || hash.length != HASH_BYTES) {
            throw new IllegalArgumentException(what + " must be a " + HASH_BYTES + "-byte SHA-256 hash");
        }
    }

    private static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
