package org.editgov.audit.verify;

/** The log could not be read at all (service unreachable, refused, or a file that is not an export). */
public class SourceException extends RuntimeException {

    public SourceException(String message) {
        super(message);
    }

    public SourceException(String message, Throwable cause) {
        super(message, cause);
    }
}
