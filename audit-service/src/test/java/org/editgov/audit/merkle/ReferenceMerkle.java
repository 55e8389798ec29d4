package org.editgov.audit.merkle;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * The recursive definitions of RFC 9162 sections 2.1.1, 2.1.3.1 and 2.1.4.1 written as literally as
 * possible over a list of leaf data, as the oracle the real tree is held to. It hashes with its own
 * MessageDigest, not {@link MerkleHashing}. MTH of a range is memoised because the same ranges recur.
 */
final class ReferenceMerkle {

    private final List<byte[]> data;
    private final Map<Long, byte[]> mth = new HashMap<>();

    ReferenceMerkle(List<byte[]> data) {
        this.data = data;
    }

    /** MTH(D[a:b]). */
    byte[] mth(int a, int b) {
        long key = ((long) a << 32) | b;
        byte[] known = mth.get(key);
        if (known != null) {
            return known;
        }
        int n = b - a;
        byte[] hash;
        if (n == 0) {
            hash = sha256(new byte[0]);
        } else if (n == 1) {
            hash = sha256(concat(new byte[] {0}, data.get(a)));
        } else {
            int k = largestPowerOfTwoLessThan(n);
            hash = sha256(concat(new byte[] {1}, mth(a, a + k), mth(a + k, b)));
        }
        mth.put(key, hash);
        return hash;
    }

    byte[] leafHash(int index) {
        return mth(index, index + 1);
    }

    /** PATH(m, D[a:b]), m relative to a. */
    List<byte[]> path(int m, int a, int b) {
        int n = b - a;
        if (n == 1) {
            return new ArrayList<>();
        }
        int k = largestPowerOfTwoLessThan(n);
        List<byte[]> result;
        if (m < k) {
            result = path(m, a, a + k);
            result.add(mth(a + k, b));
        } else {
            result = path(m - k, a + k, b);
            result.add(mth(a, a + k));
        }
        return result;
    }

    /** PROOF(m, D[0:n]) = SUBPROOF(m, D[0:n], true). */
    List<byte[]> proof(int m, int n) {
        return subproof(m, 0, n, true);
    }

    private List<byte[]> subproof(int m, int a, int b, boolean bFlag) {
        int n = b - a;
        if (m == n) {
            List<byte[]> result = new ArrayList<>();
            if (!bFlag) {
                result.add(mth(a, b));
            }
            return result;
        }
        int k = largestPowerOfTwoLessThan(n);
        List<byte[]> result;
        if (m <= k) {
            result = subproof(m, a, a + k, bFlag);
            result.add(mth(a + k, b));
        } else {
            result = subproof(m - k, a + k, b, false);
            result.add(mth(a, a + k));
        }
        return result;
    }

    static List<String> hex(List<byte[]> hashes) {
        return hashes.stream().map(HexFormat.of()::formatHex).toList();
    }

    private static int largestPowerOfTwoLessThan(int n) {
        int k = 1;
        while (k * 2 < n) {
            k *= 2;
        }
        return k;
    }

    static byte[] sha256(byte[] input) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(input);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }
}
