package org.editgov.requestapi.outbox;

/** Kafka did not take a batch of outbox events; the rows stay unsent and are tried again. */
public class PublishFailedException extends RuntimeException {

    public PublishFailedException(String message, Throwable cause) {
        super(message, cause);
    }
}
