package org.editgov.contracts;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The event types of the platform, with their wire name (also the topic) and payload class. */
public enum EventType {
    EDIT_PROPOSED(Topics.EDIT_PROPOSED, EditProposed.class),
    EDIT_REVIEWED(Topics.EDIT_REVIEWED, EditReviewed.class),
    EDIT_WITHDRAWN(Topics.EDIT_WITHDRAWN, EditWithdrawn.class),
    BATCH_REQUESTED(Topics.BATCH_REQUESTED, BatchRequested.class),
    BATCH_COMPLETED(Topics.BATCH_COMPLETED, BatchCompleted.class),
    BATCH_FAILED(Topics.BATCH_FAILED, BatchFailed.class),
    MODEL_VERSION_COMMITTED(Topics.MODEL_VERSION_COMMITTED, ModelVersionCommitted.class),
    MODEL_ROLLBACK_REQUESTED(Topics.MODEL_ROLLBACK_REQUESTED, ModelRollbackRequested.class);

    /**
     * The schema version this build writes and the highest it reads. Adding an optional field keeps
     * the version (readers ignore fields they do not know); anything else bumps it.
     */
    public static final int CURRENT_SCHEMA_VERSION = 1;

    private static final Map<String, EventType> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));
    private static final Map<Class<?>, EventType> BY_PAYLOAD =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(EventType::payloadClass, Function.identity()));

    private final String wireName;
    private final Class<? extends EventPayload> payloadClass;

    EventType(String wireName, Class<? extends EventPayload> payloadClass) {
        this.wireName = wireName;
        this.payloadClass = payloadClass;
    }

    /** The value of the {@code type} field and the name of the topic, e.g. {@code edit.proposed}. */
    public String wireName() {
        return wireName;
    }

    public Class<? extends EventPayload> payloadClass() {
        return payloadClass;
    }

    /** Classpath resource of this type's JSON Schema. */
    public String schemaResource() {
        return "schemas/" + wireName + ".schema.json";
    }

    /** @throws EventFormatException when the name is not an event type of this platform */
    public static EventType fromWireName(String wireName) {
        EventType type = BY_NAME.get(wireName);
        if (type == null) {
            throw new EventFormatException("unknown event type '" + wireName + "'; known: " + Topics.ALL);
        }
        return type;
    }

    public static EventType of(EventPayload payload) {
        return BY_PAYLOAD.get(payload.getClass());
    }
}
