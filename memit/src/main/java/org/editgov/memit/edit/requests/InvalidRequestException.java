package org.editgov.memit.edit.requests;

/** A request file holds a record that cannot be edited; the message names the record and why (bad input, hence an IllegalArgumentException). */
public final class InvalidRequestException extends IllegalArgumentException {

    private final int record;

    public InvalidRequestException(String source, int record, String reason) {
        super(source + ", record " + record + ": " + reason);
        this.record = record;
    }

    public InvalidRequestException(String source, String reason) {
        super(source + ": " + reason);
        this.record = -1;
    }

    /** 1-based number of the offending record in its file; -1 when the file as a whole is bad. */
    public int record() {
        return record;
    }
}
