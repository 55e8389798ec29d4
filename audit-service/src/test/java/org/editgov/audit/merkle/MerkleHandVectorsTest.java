package org.editgov.audit.merkle;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;

import static org.editgov.audit.merkle.ReferenceMerkle.concat;
import static org.editgov.audit.merkle.ReferenceMerkle.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Small trees worked out by hand with explicit SHA-256, using the names of the example tree of RFC 9162
 * section 2.1.5: leaves a..f and j (= d6), g = (a, b), h = (c, d), i = (e, f), k = (g, h), l = (i, j).
 */
class MerkleHandVectorsTest {

    private static final HexFormat HEX = HexFormat.of();

    private final byte[][] d = new byte[7][];
    private final byte[][] leaf = new byte[7][];
    private final MerkleTree tree = new MerkleTree();

    MerkleHandVectorsTest() {
        for (int i = 0; i < 7; i++) {
            d[i] = ("d" + i).getBytes(StandardCharsets.US_ASCII);
            leaf[i] = sha256(concat(new byte[] {0x00}, d[i]));
            tree.append(MerkleHashing.leafHash(d[i]));
        }
    }

    private static byte[] node(byte[] left, byte[] right) {
        return sha256(concat(new byte[] {0x01}, left, right));
    }

    @Test
    void leafAndNodeHashesArePrefixedSha256() {
        assertEquals(HEX.formatHex(sha256(new byte[] {0x00, 'd', '0'})), HEX.formatHex(MerkleHashing.leafHash(d[0])));
        assertEquals("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                HEX.formatHex(MerkleHashing.leafHash(new byte[0])), "SHA-256 of the single byte 0x00");
        assertArrayEquals(sha256(concat(new byte[] {0x01}, leaf[0], leaf[1])), MerkleHashing.nodeHash(leaf[0], leaf[1]));
    }

    @Test
    void emptyTreeRootIsTheHashOfNothing() {
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                HEX.formatHex(new MerkleTree().rootHash()));
    }

    @Test
    void rootsOfSizes1To3And7() {
        byte[] a = leaf[0], b = leaf[1], c = leaf[2], dd = leaf[3], e = leaf[4], f = leaf[5], j = leaf[6];
        byte[] g = node(a, b), h = node(c, dd), i = node(e, f), k = node(g, h), l = node(i, j);

        assertArrayEquals(a, tree.rootHash(1));
        assertArrayEquals(g, tree.rootHash(2));
        assertArrayEquals(node(g, c), tree.rootHash(3));
        assertArrayEquals(k, tree.rootHash(4));
        assertArrayEquals(node(k, e), tree.rootHash(5));
        assertArrayEquals(node(k, i), tree.rootHash(6));
        assertArrayEquals(node(k, l), tree.rootHash(7));
        assertArrayEquals(node(k, l), tree.rootHash());
    }

    @Test
    void auditPathsOfTheRfcExample() {
        byte[] a = leaf[0], b = leaf[1], c = leaf[2], dd = leaf[3], e = leaf[4], f = leaf[5], j = leaf[6];
        byte[] g = node(a, b), h = node(c, dd), i = node(e, f), k = node(g, h), l = node(i, j);
        byte[] root = node(k, l);

        assertPath(List.of(b, h, l), tree.inclusionProof(0, 7));
        assertPath(List.of(c, g, l), tree.inclusionProof(3, 7));
        assertPath(List.of(f, j, k), tree.inclusionProof(4, 7));
        assertPath(List.of(i, k), tree.inclusionProof(6, 7));
        assertPath(List.of(dd, g, l), tree.inclusionProof(2, 7));
        assertPath(List.of(g), tree.inclusionProof(2, 3));
        for (int m = 0; m < 7; m++) {
            assertEquals(true, tree.inclusionProof(m, 7).verify(leaf[m], root), "leaf " + m);
        }
    }

    @Test
    void consistencyProofsOfTheRfcExample() {
        byte[] a = leaf[0], b = leaf[1], c = leaf[2], dd = leaf[3], e = leaf[4], f = leaf[5], j = leaf[6];
        byte[] g = node(a, b), h = node(c, dd), i = node(e, f), k = node(g, h), l = node(i, j);
        byte[] hash0 = node(g, c), hash1 = k, hash2 = node(k, i), hash = node(k, l);

        assertPath(List.of(c, dd, g, l), tree.consistencyProof(3, 7));
        assertPath(List.of(l), tree.consistencyProof(4, 7));
        assertPath(List.of(i, j, k), tree.consistencyProof(6, 7));
        assertEquals(true, tree.consistencyProof(3, 7).verify(hash0, hash));
        assertEquals(true, tree.consistencyProof(4, 7).verify(hash1, hash));
        assertEquals(true, tree.consistencyProof(6, 7).verify(hash2, hash));
        assertEquals(false, tree.consistencyProof(3, 7).verify(hash1, hash));
    }

    /**
     * The leaves and roots used by the Certificate Transparency implementations' tests of RFC 6962 hashing,
     * which RFC 9162 keeps.
     */
    @Test
    void publishedCertificateTransparencyRoots() {
        String[] leaves = {"", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                "606162636465666768696a6b6c6d6e6f"};
        String[] roots = {
                "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
                "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
                "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
                "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
                "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
                "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
                "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
                "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"};
        MerkleTree ct = new MerkleTree();
        for (int n = 1; n <= leaves.length; n++) {
            ct.append(MerkleHashing.leafHash(HEX.parseHex(leaves[n - 1])));
            assertEquals(roots[n - 1], HEX.formatHex(ct.rootHash()), "size " + n);
        }
    }

    private static void assertPath(List<byte[]> expected, InclusionProof proof) {
        assertEquals(ReferenceMerkle.hex(expected), proof.pathHex());
    }

    private static void assertPath(List<byte[]> expected, ConsistencyProof proof) {
        assertEquals(ReferenceMerkle.hex(expected), proof.pathHex());
    }
}
