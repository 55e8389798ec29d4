package org.editgov.worker.models;

/** A model id the worker has no version 0 for (no folder to bootstrap it from). */
public class UnknownModelException extends RuntimeException {

    public UnknownModelException(String message) {
        super(message);
    }
}
