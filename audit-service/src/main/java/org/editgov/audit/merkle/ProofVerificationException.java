package org.editgov.audit.merkle;

/** A proof that does not prove what it claims; the message says which check failed. */
public class ProofVerificationException extends Exception {

    public ProofVerificationException(String message) {
        super(message);
    }
}
