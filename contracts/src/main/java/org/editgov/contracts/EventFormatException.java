package org.editgov.contracts;

/**
 * An event that cannot be written or read: bad JSON, unknown type, unsupported schema version or a
 * schema violation. The message is one line naming the offending fields, fit to log or show.
 */
public class EventFormatException extends RuntimeException {

    public EventFormatException(String message) {
        super(message);
    }

    public EventFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
