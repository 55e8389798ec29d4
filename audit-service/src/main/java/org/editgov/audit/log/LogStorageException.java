package org.editgov.audit.log;

/** The log's database failed or is unreachable; the request or the append can be retried. */
public class LogStorageException extends RuntimeException {

    public LogStorageException(String message, Throwable cause) {
        super(message + ": " + cause.getMessage(), cause);
    }
}
