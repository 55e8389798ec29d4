package org.editgov.audit.signing;

/** A signature that the log's public key does not verify; the message says what was wrong. */
public class SignatureCheckException extends Exception {

    public SignatureCheckException(String message) {
        super(message);
    }
}
