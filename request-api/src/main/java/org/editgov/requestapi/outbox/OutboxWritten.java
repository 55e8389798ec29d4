package org.editgov.requestapi.outbox;

/** CDI event: an outbox row was written; observed after commit to wake the relay early. */
public record OutboxWritten() {
}
