package org.editgov.audit.merkle;

/** A proof or root asked of a tree for sizes or indices it does not have (an HTTP 400/404, not a bug). */
public class InvalidTreeRequestException extends IllegalArgumentException {

    public InvalidTreeRequestException(String message) {
        super(message);
    }
}
