package org.editgov.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Validates event documents against the JSON Schemas in {@code schemas/} on the classpath (draft 2020-12,
 * formats asserted). Schemas refer to each other by {@code https://editgov.org/schemas/...}, which is
 * mapped to the classpath, so validation never touches the network. Thread-safe; build one and share it.
 */
public final class SchemaValidator {

    /** The {@code $id} prefix of every schema of this module. */
    public static final String SCHEMA_ID_PREFIX = "https://editgov.org/schemas/";

    private final Map<EventType, Schema> schemas = new EnumMap<>(EventType.class);

    public SchemaValidator() {
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_POINTER)
                .build();
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder
                        .schemaRegistryConfig(config)
                        .schemaIdResolvers(ids -> ids.mapPrefix(SCHEMA_ID_PREFIX, "classpath:schemas/")));
        for (EventType type : EventType.values()) {
            Schema schema = registry.getSchema(SchemaLocation.of(SCHEMA_ID_PREFIX + type.wireName() + ".schema.json"));
            schema.initializeValidators();
            schemas.put(type, schema);
        }
    }

    /**
     * The violations of an event document against the schema its {@code type} names, each as
     * {@code "<JSON pointer>: <message>"}; empty when valid.
     */
    public List<String> violations(JsonNode event) {
        if (!event.isObject()) {
            return List.of("/: an event must be a JSON object");
        }
        JsonNode type = event.path("type");
        if (!type.isTextual()) {
            return List.of("/type: required string naming the event type");
        }
        EventType eventType;
        try {
            eventType = EventType.fromWireName(type.asText());
        } catch (EventFormatException e) {
            return List.of("/type: " + e.getMessage());
        }
        return violations(eventType, event);
    }

    /** The violations of a document against the schema of the given type; empty when valid. */
    public List<String> violations(EventType type, JsonNode event) {
        List<Error> errors = schemas.get(type).validate(event);
        return errors.stream().map(SchemaValidator::describe).collect(Collectors.toList());
    }

    /** @throws EventFormatException naming every violation, when the document does not follow its schema */
    public void requireValid(JsonNode event) {
        List<String> violations = violations(event);
        if (!violations.isEmpty()) {
            throw new EventFormatException("invalid " + event.path("type").asText("event") + ": "
                    + String.join("; ", violations));
        }
    }

    private static String describe(Error error) {
        String path = error.getInstanceLocation().toString();
        String property = error.getProperty();
        // A missing required property is reported at its parent; name the property itself.
        if ("required".equals(error.getKeyword()) && property != null) {
            path = path + (path.endsWith("/") ? "" : "/") + property;
        }
        return path + ": " + error.getMessage();
    }
}
