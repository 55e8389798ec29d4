package org.editgov.audit.signing;

import org.editgov.audit.merkle.MerkleHashing;
import org.editgov.audit.merkle.MerkleTree;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogSigningTest {

    private static final Instant AT = Instant.parse("2026-11-25T09:00:00.250Z");
    private static final KeyPair LOG_KEY = Ed25519Keys.generate();
    private static final LogSigner SIGNER = new LogSigner(LOG_KEY);
    private static final LogVerifier VERIFIER = new LogVerifier(LOG_KEY.getPublic());

    private static TreeHead head() {
        MerkleTree tree = new MerkleTree();
        for (int i = 0; i < 5; i++) {
            tree.append(MerkleHashing.leafHash(("entry " + i).getBytes(StandardCharsets.UTF_8)));
        }
        return new TreeHead(tree.size(), tree.rootHash(), AT);
    }

    @Test
    void theSignedBytesAreTheCanonicalJsonOfTheHead() {
        TreeHead head = new TreeHead(7, HexFormat.of().parseHex("ab".repeat(32)), AT);

        assertEquals("{\"format\":\"editgov-tree-head-v1\",\"rootHash\":\"" + "ab".repeat(32)
                        + "\",\"timestamp\":\"2026-11-25T09:00:00.250Z\",\"treeSize\":7}",
                new String(head.signingInput(), StandardCharsets.UTF_8));
    }

    @Test
    void aSignedHeadVerifiesWithOnlyThePublicKey() throws Exception {
        SignedTreeHead signed = SIGNER.sign(head());

        LogVerifier auditor = new LogVerifier(Ed25519Keys.publicKeyFromPem(Ed25519Keys.toPem(LOG_KEY.getPublic())));

        assertTrue(auditor.verify(signed));
        auditor.check(signed);
        assertEquals(64, signed.signature().length);
        assertEquals(Ed25519Keys.keyId(LOG_KEY.getPublic()), signed.keyId());
    }

    @Test
    void aHeadForgedWithAnotherKeyIsRejected() {
        KeyPair forger = Ed25519Keys.generate();
        SignedTreeHead forgedUnderItsOwnId = new LogSigner(forger).sign(head());
        SignedTreeHead forgedUnderOurId = new SignedTreeHead(head(), SIGNER.keyId(), new LogSigner(forger)
                .sign(head().signingInput()));

        assertFalse(VERIFIER.verify(forgedUnderItsOwnId));
        assertFalse(VERIFIER.verify(forgedUnderOurId));
        assertTrue(assertThrows(SignatureCheckException.class, () -> VERIFIER.check(forgedUnderItsOwnId))
                .getMessage().startsWith("tree head of size 5 names key " + forgedUnderItsOwnId.keyId()));
        assertEquals("tree head of size 5 has a signature this log's key did not make over its content",
                assertThrows(SignatureCheckException.class, () -> VERIFIER.check(forgedUnderOurId)).getMessage());
    }

    @Test
    void changingAnyFieldOfASignedHeadBreaksTheSignature() {
        SignedTreeHead signed = SIGNER.sign(head());
        TreeHead original = signed.head();
        byte[] otherRoot = original.rootHash();
        otherRoot[31] ^= 1;

        assertFalse(VERIFIER.verify(withHead(signed, new TreeHead(original.treeSize() + 1, original.rootHash(), AT))));
        assertFalse(VERIFIER.verify(withHead(signed, new TreeHead(original.treeSize(), otherRoot, AT))));
        assertFalse(VERIFIER.verify(withHead(signed, new TreeHead(original.treeSize(), original.rootHash(),
                AT.plusMillis(1)))));
        byte[] signature = signed.signature();
        for (int bit = 0; bit < signature.length * 8; bit += 7) {
            byte[] bad = signature.clone();
            bad[bit / 8] ^= (byte) (1 << (bit % 8));
            assertFalse(VERIFIER.verify(new SignedTreeHead(original, signed.keyId(), bad)), "signature bit " + bit);
        }
        assertFalse(VERIFIER.verify(new SignedTreeHead(original, signed.keyId(), new byte[3])));
    }

    @Test
    void signaturesAreDeterministicAndCoverEntryBytesToo() {
        byte[] entry = "{\"eventId\":\"x\"}".getBytes(StandardCharsets.UTF_8);

        assertArrayEquals(SIGNER.sign(entry), SIGNER.sign(entry));
        assertTrue(VERIFIER.verify(entry, SIGNER.sign(entry)));
        assertFalse(VERIFIER.verify("{\"eventId\":\"y\"}".getBytes(StandardCharsets.UTF_8), SIGNER.sign(entry)));
    }

    @Test
    void aHeadSignatureIsNotValidForOtherBytesWithTheSameContent() {
        TreeHead head = head();
        SignedTreeHead signed = SIGNER.sign(head);
        String withoutFormat = "{\"rootHash\":\"" + head.rootHashHex() + "\",\"timestamp\":\"" + AT + "\",\"treeSize\":5}";

        assertFalse(VERIFIER.verify(withoutFormat.getBytes(StandardCharsets.UTF_8), signed.signature()));
    }

    @Test
    void rawPublicKeyRoundTrips() {
        byte[] raw = Ed25519Keys.rawPublicKey(LOG_KEY.getPublic());

        assertEquals(32, raw.length);
        assertArrayEquals(LOG_KEY.getPublic().getEncoded(), Ed25519Keys.publicKeyFromRaw(raw).getEncoded());
        assertTrue(new LogVerifier(Ed25519Keys.publicKeyFromRaw(raw)).verify(SIGNER.sign(head())));
        assertThrows(IllegalArgumentException.class, () -> Ed25519Keys.publicKeyFromRaw(new byte[31]));
    }

    /** RFC 8032 section 7.1, TEST 1 (empty message): the JDK's Ed25519 with keys given as raw bytes. */
    @Test
    void rfc8032TestVector() throws Exception {
        HexFormat hex = HexFormat.of();
        byte[] secret = hex.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
        byte[] publicKey = hex.parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
        String expected = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
                + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
        // PKCS#8 wrapping of a raw Ed25519 private key (RFC 8410): fixed prefix, then the 32 bytes.
        byte[] pkcs8 = concat(hex.parseHex("302e020100300506032b657004220420"), secret);
        PrivateKey privateKey = KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        PublicKey key = Ed25519Keys.publicKeyFromRaw(publicKey);

        byte[] signature = new LogSigner(new KeyPair(key, privateKey)).sign(new byte[0]);

        assertEquals(expected, hex.formatHex(signature));
        assertTrue(new LogVerifier(key).verify(new byte[0], hex.parseHex(expected)));
        assertArrayEquals(publicKey, Ed25519Keys.rawPublicKey(key));
    }

    @Test
    void aHeadRejectsImpossibleValues() {
        assertThrows(IllegalArgumentException.class, () -> new TreeHead(-1, new byte[32], AT));
        assertThrows(IllegalArgumentException.class, () -> new TreeHead(1, new byte[31], AT));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] out = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }

    private static SignedTreeHead withHead(SignedTreeHead signed, TreeHead head) {
        return new SignedTreeHead(head, signed.keyId(), signed.signature());
    }
}
