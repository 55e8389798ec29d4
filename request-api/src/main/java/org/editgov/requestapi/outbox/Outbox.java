package org.editgov.requestapi.outbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import org.editgov.contracts.Actor;
import org.editgov.contracts.EventCodec;
import org.editgov.contracts.EventEnvelope;
import org.editgov.contracts.EventPayload;

import java.util.UUID;

/**
 * Records events in the caller's transaction. Nothing is sent here: the row commits or rolls back with
 * the state change it reports, and {@link OutboxRelay} publishes what committed.
 */
@ApplicationScoped
public class Outbox {

    @Inject
    EventCodec codec;

    @Inject
    Event<OutboxWritten> written;

    /** Validates the event against its schema and stores it for publication; returns it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public <P extends EventPayload> EventEnvelope<P> record(Actor actor, P payload) {
        EventEnvelope<P> event = EventEnvelope.create(actor, payload);
        OutboxEvent row = new OutboxEvent();
        row.eventId = UUID.fromString(event.eventId());
        row.topic = event.type();
        row.messageKey = event.key();
        row.eventType = event.type();
        row.document = codec.write(event);
        row.createdAt = event.occurredAt();
        row.persist();
        written.fire(new OutboxWritten());
        return event;
    }
}
