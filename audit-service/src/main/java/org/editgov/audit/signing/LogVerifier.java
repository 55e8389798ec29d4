package org.editgov.audit.signing;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;

/** Verifies the log's signatures with only its public key, as an auditor outside the service does. */
public final class LogVerifier {

    private final PublicKey publicKey;
    private final String keyId;

    public LogVerifier(PublicKey publicKey) {
        this.publicKey = publicKey;
        this.keyId = Ed25519Keys.keyId(publicKey);
    }

    public String keyId() {
        return keyId;
    }

    /** Whether the signature is this key's over exactly these bytes. A malformed signature is just invalid. */
    public boolean verify(byte[] message, byte[] signature) {
        try {
            Signature verifier = Signature.getInstance(Ed25519Keys.ALGORITHM);
            verifier.initVerify(publicKey);
            verifier.update(message);
            return verifier.verify(signature);
        } catch (SignatureException e) {
            return false;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot verify with Ed25519: " + e.getMessage(), e);
        }
    }

    public boolean verify(SignedTreeHead head) {
        return keyId.equals(head.keyId()) && verify(head.head().signingInput(), head.signature());
    }

    /** @throws SignatureCheckException saying whether the key or the signature is wrong */
    public void check(SignedTreeHead head) throws SignatureCheckException {
        if (!keyId.equals(head.keyId())) {
            throw new SignatureCheckException("tree head of size " + head.head().treeSize() + " names key "
                    + head.keyId() + ", not this log's key " + keyId);
        }
        if (!verify(head.head().signingInput(), head.signature())) {
            throw new SignatureCheckException("tree head of size " + head.head().treeSize()
                    + " has a signature this log's key did not make over its content");
        }
    }
}
