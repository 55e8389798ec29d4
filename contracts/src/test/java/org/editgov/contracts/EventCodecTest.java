package org.editgov.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EventCodecTest {

    private static final EventCodec CODEC = new EventCodec();
    private static final ObjectMapper MAPPER = EventCodec.newObjectMapper();

    static List<EventEnvelope<?>> samples() {
        return SampleEvents.all();
    }

    @Test
    void samplesCoverEveryEventType() {
        Set<EventType> covered = SampleEvents.all().stream().map(EventEnvelope::eventType)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(EventType.class)));
        assertThat(covered).containsExactlyInAnyOrder(EventType.values());
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyEventRoundTripsThroughJson(EventEnvelope<?> event) {
        String json = CODEC.write(event);

        EventEnvelope<?> read = CODEC.read(json);

        assertThat(read).isEqualTo(event);
        assertThat(read.payload()).isInstanceOf(event.eventType().payloadClass());
        assertThat(CODEC.write(read)).isEqualTo(json);
    }

    @ParameterizedTest
    @MethodSource("samples")
    void everyEventWritesTheHeaderAndNothingElseAtTopLevel(EventEnvelope<?> event) throws Exception {
        JsonNode tree = MAPPER.readTree(CODEC.write(event));

        assertThat(iterable(tree.fieldNames()))
                .containsExactly("eventId", "type", "schemaVersion", "occurredAt", "actor", "payload");
        assertThat(tree.get("type").asText()).isEqualTo(event.eventType().wireName());
        assertThat(tree.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(tree.get("occurredAt").asText()).isEqualTo(event.occurredAt().toString());
        assertThat(new SchemaValidator().violations(tree)).isEmpty();
    }

    @Test
    void topicOfAnEventIsItsTypeAndKeyIsItsModel() {
        for (EventEnvelope<?> event : SampleEvents.all()) {
            assertThat(Topics.ALL).contains(event.type());
            assertThat(event.key()).isEqualTo(SampleEvents.MODEL);
        }
        assertThat(Topics.ALL).containsExactlyInAnyOrderElementsOf(
                EnumSet.allOf(EventType.class).stream().map(EventType::wireName).toList());
    }

    @Test
    void absentOptionalFieldsAreLeftOutNotWrittenAsNull() throws Exception {
        JsonNode tree = MAPPER.readTree(CODEC.write(SampleEvents.versionCommittedByRollback()));

        assertThat(tree.get("payload").has("batchId")).isFalse();
        assertThat(tree.get("payload").has("delta")).isFalse();
    }

    @Test
    void createdEventsGetARandomUuidAndTheCurrentSchemaVersion() {
        EditProposed payload = SampleEvents.editProposed().payload();

        EventEnvelope<EditProposed> first = EventEnvelope.create(Actor.user("alice"), payload);
        EventEnvelope<EditProposed> second = EventEnvelope.create(Actor.user("alice"), payload);

        assertThat(first.eventId()).isNotEqualTo(second.eventId());
        assertThat(first.schemaVersion()).isEqualTo(EventType.CURRENT_SCHEMA_VERSION);
        assertThat(CODEC.read(CODEC.write(first))).isEqualTo(first);
    }

    @Test
    void unknownFieldsAreIgnoredSoNewerProducersCanAddOptionalFields() throws Exception {
        ObjectNode tree = (ObjectNode) MAPPER.readTree(CODEC.write(SampleEvents.editReviewed()));
        tree.put("traceId", "abc");
        ((ObjectNode) tree.get("payload")).put("reviewDurationSeconds", 42);

        assertThat(CODEC.read(tree.toString())).isEqualTo(SampleEvents.editReviewed());
    }

    @Test
    void aNewerSchemaVersionIsRefusedWithAClearMessage() throws Exception {
        ObjectNode tree = (ObjectNode) MAPPER.readTree(CODEC.write(SampleEvents.editReviewed()));
        tree.put("schemaVersion", 2);

        assertThatThrownBy(() -> CODEC.read(tree.toString()))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("unsupported schemaVersion 2 of edit.reviewed; this build reads up to 1");
    }

    @Test
    void anUnknownTypeIsRefused() throws Exception {
        ObjectNode tree = (ObjectNode) MAPPER.readTree(CODEC.write(SampleEvents.editReviewed()));
        tree.put("type", "edit.deleted");

        assertThatThrownBy(() -> CODEC.read(tree.toString()))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("/type: unknown event type 'edit.deleted'");
    }

    @Test
    void textThatIsNotJsonIsRefusedInOneLine() {
        assertThatThrownBy(() -> CODEC.read("{\"eventId\": "))
                .isInstanceOf(EventFormatException.class)
                .hasMessageStartingWith("not JSON")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void readingAsTheWrongPayloadClassIsRefused() {
        String json = CODEC.write(SampleEvents.editReviewed());

        assertThat(CODEC.read(json, EditReviewed.class).payload().decision()).isEqualTo(EditReviewed.Decision.APPROVED);
        assertThatThrownBy(() -> CODEC.read(json, EditProposed.class))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("expected an event with a EditProposed payload, got edit.reviewed");
    }

    @Test
    void writingAnEventThatBreaksItsSchemaIsRefused() {
        EventEnvelope<EditProposed> noPlaceholder = EventEnvelope.of(SampleEvents.editProposed().eventId(),
                SampleEvents.AT, Actor.user("alice"),
                new EditProposed("e1", SampleEvents.MODEL, "Paris", "capital of France", "Paris", null,
                        "because", List.of(), "alice"));

        assertThatThrownBy(() -> CODEC.write(noPlaceholder))
                .isInstanceOf(EventFormatException.class)
                .hasMessageContaining("/payload/prompt");
    }

    @Test
    void anEnvelopeWhoseTypeDisagreesWithItsPayloadCannotBeBuilt() {
        assertThatThrownBy(() -> new EventEnvelope<>("3f2a9d4e-1b7c-4c5e-8f60-0a1b2c3d4e5f", "batch.failed", 1,
                SampleEvents.AT, Actor.user("a"), SampleEvents.editReviewed().payload()))
                .isInstanceOf(EventFormatException.class)
                .hasMessage("type 'batch.failed' does not match payload edit.reviewed");
    }

    private static <T> List<T> iterable(java.util.Iterator<T> iterator) {
        List<T> list = new java.util.ArrayList<>();
        iterator.forEachRemaining(list::add);
        return list;
    }
}
