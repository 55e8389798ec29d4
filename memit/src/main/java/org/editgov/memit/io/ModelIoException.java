package org.editgov.memit.io;

/**
 * A model folder or file cannot be used. The message is one line that names the file (and the
 * tensor or key where it applies) and says what is wrong; the CLI prints it as it is.
 */
public class ModelIoException extends RuntimeException {

    public ModelIoException(String message) {
        super(message);
    }

    public ModelIoException(String message, Throwable cause) {
        super(message, cause);
    }
}
