package org.editgov.contracts;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.UUID;

/**
 * One event as it travels on Kafka: the common header of every event and its typed payload.
 *
 * @param eventId       random UUID; consumers deduplicate by it
 * @param type          wire name of the event type, which is also the topic (see {@link Topics})
 * @param schemaVersion version of the event's JSON Schema the document follows
 * @param occurredAt    when the change happened (committed), not when it was published
 * @param actor         the person or service that acted
 * @param payload       what happened
 */
public record EventEnvelope<P extends EventPayload>(
        String eventId, String type, int schemaVersion, Instant occurredAt, Actor actor, P payload) {

    public EventEnvelope {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(payload, "payload");
        EventType payloadType = EventType.of(payload);
        if (!payloadType.wireName().equals(type)) {
            throw new EventFormatException("type '" + type + "' does not match payload " + payloadType.wireName());
        }
    }

    /** A new event: random id, the current time (to microseconds, what PostgreSQL keeps), current schema. */
    public static <P extends EventPayload> EventEnvelope<P> create(Actor actor, P payload) {
        return of(UUID.randomUUID().toString(), Instant.now().truncatedTo(ChronoUnit.MICROS), actor, payload);
    }

    /** An event with a given id and time, e.g. one restored from an outbox row. */
    public static <P extends EventPayload> EventEnvelope<P> of(String eventId, Instant occurredAt, Actor actor, P payload) {
        return new EventEnvelope<>(eventId, EventType.of(payload).wireName(), EventType.CURRENT_SCHEMA_VERSION,
                occurredAt, actor, payload);
    }

    @JsonIgnore
    public EventType eventType() {
        return EventType.fromWireName(type);
    }

    /** The Kafka record key: the model the event is about. */
    @JsonIgnore
    public String key() {
        return payload.modelId();
    }
}
