package org.editgov.audit.signing;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;

/** Signs with the log's Ed25519 private key: tree heads, and any canonical bytes (log entries). */
public final class LogSigner {

    private final PrivateKey privateKey;
    private final String keyId;

    public LogSigner(KeyPair keyPair) {
        this.privateKey = keyPair.getPrivate();
        this.keyId = Ed25519Keys.keyId(keyPair.getPublic());
    }

    public String keyId() {
        return keyId;
    }

    /** The Ed25519 signature (64 bytes, deterministic) of the bytes. */
    public byte[] sign(byte[] message) {
        try {
            Signature signature = Signature.getInstance(Ed25519Keys.ALGORITHM);
            signature.initSign(privateKey);
            signature.update(message);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign with the log key: " + e.getMessage(), e);
        }
    }

    public SignedTreeHead sign(TreeHead head) {
        return new SignedTreeHead(head, keyId, sign(head.signingInput()));
    }

    public SignedTreeHead signHead(long treeSize, byte[] rootHash, Instant timestamp) {
        return sign(new TreeHead(treeSize, rootHash, timestamp));
    }
}
