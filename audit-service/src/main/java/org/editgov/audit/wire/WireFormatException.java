package org.editgov.audit.wire;

/** A document of the log's API or export that does not have the expected shape. */
public class WireFormatException extends RuntimeException {

    public WireFormatException(String message) {
        super(message);
    }
}
