package org.editgov.audit.merkle;

/** A proof that does not prove what it claims; the message says which check failed. */
public class ProofVerificationException extends Exception {

    public ProofVerificationException(String message) {
        // A failed proof is an expected answer, not a bug: no stack trace to capture, so checking is cheap.
        super(message, null, false, false);
    }
}
