package org.editgov.audit.verify;

/** The log does not verify; the message is the one line that names the first bad head or entry. */
public class VerificationFailure extends Exception {

    public VerificationFailure(String message) {
        super(message, null, false, false);
    }
}
