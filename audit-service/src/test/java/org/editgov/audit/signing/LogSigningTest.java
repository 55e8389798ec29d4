package org.editgov.audit.signing;

import org.editgov.audit.merkle.MerkleHashing;
import org.editgov.audit.merkle.MerkleTree;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.time.Instant;
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

    @Test
    void aHeadRejectsImpossibleValues() {
        assertThrows(IllegalArgumentException.class, () -> new TreeHead(-1, new byte[32], AT));
        assertThrows(IllegalArgumentException.class, () -> new TreeHead(1, new byte[31], AT));
    }

    private static SignedTreeHead withHead(SignedTreeHead signed, TreeHead head) {
        return new SignedTreeHead(head, signed.keyId(), signed.signature());
    }
}
