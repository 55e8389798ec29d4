package org.editgov.audit.signing;

/** The log's key files are missing, unreadable, unsafe or do not belong together; the service cannot sign. */
public class KeyFileException extends RuntimeException {

    public KeyFileException(String message) {
        super(message);
    }

    public KeyFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
