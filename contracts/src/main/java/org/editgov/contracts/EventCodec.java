package org.editgov.contracts;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes and reads events as JSON. Both directions validate against the event's JSON Schema, so nothing
 * malformed is published and nothing malformed reaches a consumer's logic.
 *
 * <p>Format: instants as ISO-8601 strings ({@code 2026-11-25T08:00:00.123456Z}), absent optional fields
 * left out, enums by name. Unknown fields are ignored on reading, because adding an optional field is the
 * forward-compatible change (same {@code schemaVersion}); a document of a newer schema version than this
 * build knows is refused. Thread-safe; build one and share it.
 */
public final class EventCodec {

    private final ObjectMapper mapper;
    private final SchemaValidator validator;

    public EventCodec() {
        this(new SchemaValidator());
    }

    public EventCodec(SchemaValidator validator) {
        this.mapper = newObjectMapper();
        this.validator = validator;
    }

    /** The mapper events are written with; a fresh instance each call, so callers cannot change the codec's. */
    public static ObjectMapper newObjectMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .serializationInclusion(JsonInclude.Include.NON_NULL)
                .build();
    }

    /** The event as a JSON tree, validated. */
    public JsonNode toTree(EventEnvelope<?> event) {
        JsonNode tree = mapper.valueToTree(event);
        validator.requireValid(tree);
        return tree;
    }

    /** The event as JSON text, validated. */
    public String write(EventEnvelope<?> event) {
        try {
            return mapper.writeValueAsString(toTree(event));
        } catch (JsonProcessingException e) {
            throw new EventFormatException("cannot write " + event.type() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** The event as UTF-8 JSON bytes, validated (for a Kafka record value). */
    public byte[] writeBytes(EventEnvelope<?> event) {
        return write(event).getBytes(StandardCharsets.UTF_8);
    }

    /** Reads an event of any type; inspect {@link EventEnvelope#payload()} with {@code instanceof}. */
    public EventEnvelope<?> read(String json) {
        return read(parse(json));
    }

    public EventEnvelope<?> read(byte[] json) {
        return read(new String(json, StandardCharsets.UTF_8));
    }

    /** Reads an event that must be of the type whose payload class is given. */
    @SuppressWarnings("unchecked")
    public <P extends EventPayload> EventEnvelope<P> read(String json, Class<P> payloadClass) {
        EventEnvelope<?> event = read(json);
        if (!payloadClass.isInstance(event.payload())) {
            throw new EventFormatException("expected an event with a " + payloadClass.getSimpleName()
                    + " payload, got " + event.type());
        }
        return (EventEnvelope<P>) event;
    }

    /** Reads an event from a parsed document. */
    public EventEnvelope<?> read(JsonNode tree) {
        validator.requireValid(checkSchemaVersion(tree));
        EventType type = EventType.fromWireName(tree.get("type").asText());
        JavaType javaType = mapper.getTypeFactory().constructParametricType(EventEnvelope.class, type.payloadClass());
        try {
            return mapper.treeToValue(tree, javaType);
        } catch (IOException | IllegalArgumentException e) {
            throw new EventFormatException("cannot read " + type.wireName() + ": " + oneLine(e), e);
        }
    }

    private JsonNode parse(String json) {
        try {
            return mapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new EventFormatException("not JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static JsonNode checkSchemaVersion(JsonNode tree) {
        JsonNode version = tree.path("schemaVersion");
        if (version.canConvertToInt() && version.isIntegralNumber()
                && version.intValue() > EventType.CURRENT_SCHEMA_VERSION) {
            throw new EventFormatException("unsupported schemaVersion " + version.intValue() + " of "
                    + tree.path("type").asText("event") + "; this build reads up to "
                    + EventType.CURRENT_SCHEMA_VERSION);
        }
        return tree;
    }

    private static String oneLine(Exception e) {
        String message = e instanceof JsonProcessingException jpe ? jpe.getOriginalMessage() : e.getMessage();
        return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse("");
    }
}
