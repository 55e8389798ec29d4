package org.editgov.audit.signing;

import java.util.Arrays;
import java.util.Base64;
import java.util.Objects;

/**
 * A tree head with the log's Ed25519 signature over {@link TreeHead#signingInput()}.
 *
 * @param keyId {@link Ed25519Keys#keyId} of the public key that verifies it, so a verifier holding
 *              several keys (after a rotation) knows which one to use
 */
public record SignedTreeHead(TreeHead head, String keyId, byte[] signature) {

    public SignedTreeHead {
        Objects.requireNonNull(head, "head");
        Objects.requireNonNull(keyId, "keyId");
        signature = Objects.requireNonNull(signature, "signature").clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    public String signatureBase64() {
        return Base64.getEncoder().encodeToString(signature);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedTreeHead sth && head.equals(sth.head) && keyId.equals(sth.keyId)
                && Arrays.equals(signature, sth.signature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(head, keyId, Arrays.hashCode(signature));
    }

    @Override
    public String toString() {
        return "SignedTreeHead[" + head + ", keyId=" + keyId + ", signature=" + signatureBase64() + "]";
    }
}
