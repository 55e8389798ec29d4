package org.editgov.memit.io;

/** A file a model folder must contain is absent. */
public class MissingModelFileException extends ModelIoException {

    public MissingModelFileException(String message) {
        super(message);
    }
}
