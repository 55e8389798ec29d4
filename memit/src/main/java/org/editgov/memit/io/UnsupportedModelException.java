package org.editgov.memit.io;

/** A well-formed model that this runtime does not run yet (another architecture, option or dtype). */
public class UnsupportedModelException extends ModelIoException {

    public UnsupportedModelException(String message) {
        super(message);
    }
}
