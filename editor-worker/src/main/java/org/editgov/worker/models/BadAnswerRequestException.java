package org.editgov.worker.models;

/** A request the answer endpoint refuses: answered 400 problem+json with this one-line reason. */
public class BadAnswerRequestException extends RuntimeException {

    public BadAnswerRequestException(String message) {
        super(message, null, false, false);
    }
}
