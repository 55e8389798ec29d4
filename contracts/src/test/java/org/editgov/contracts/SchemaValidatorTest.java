package org.editgov.contracts;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SchemaValidatorTest {

    private static final SchemaValidator VALIDATOR = new SchemaValidator();
    private static final EventCodec CODEC = new EventCodec(VALIDATOR);
    private static final ObjectMapper MAPPER = EventCodec.newObjectMapper();

    /** The payload fields each type may leave out; every other field of the samples is required. */
    private static final Map<EventType, Set<String>> OPTIONAL = Map.of(
            EventType.EDIT_PROPOSED, Set.of("targetTrue", "evidenceLinks"),
            EventType.EDIT_REVIEWED, Set.of("comment"),
            EventType.EDIT_WITHDRAWN, Set.of("comment"),
            EventType.BATCH_REQUESTED, Set.of(),
            EventType.BATCH_COMPLETED, Set.of(),
            EventType.BATCH_FAILED, Set.of(),
            EventType.MODEL_VERSION_COMMITTED, Set.of(),
            EventType.MODEL_ROLLBACK_REQUESTED, Set.of());

    static Stream<Arguments> payloadFields() {
        List<Arguments> cases = new ArrayList<>();
        for (EventEnvelope<?> event : SampleEvents.all()) {
            JsonNode tree = CODEC.toTree(event);
            tree.get("payload").fieldNames().forEachRemaining(field -> cases.add(Arguments.of(event.type(), tree, field)));
        }
        return cases.stream();
    }

    static Stream<Arguments> headerFields() {
        return SampleEvents.all().stream().flatMap(event -> Stream.of("eventId", "type", "schemaVersion",
                "occurredAt", "actor", "payload").map(field -> Arguments.of(event.type(), CODEC.toTree(event), field)));
    }

    @ParameterizedTest(name = "{0} without payload.{2}")
    @MethodSource("payloadFields")
    void aMissingRequiredPayloadFieldIsNamed(String type, JsonNode sample, String field) {
        ObjectNode tree = sample.deepCopy();
        ((ObjectNode) tree.get("payload")).remove(field);

        List<String> violations = VALIDATOR.violations(tree);

        if (OPTIONAL.get(EventType.fromWireName(type)).contains(field)) {
            assertThat(violations).isEmpty();
        } else {
            assertThat(violations).anySatisfy(v -> assertThat(v).startsWith("/payload/" + field + ": "));
        }
    }

    @ParameterizedTest(name = "{0} without {2}")
    @MethodSource("headerFields")
    void aMissingHeaderFieldIsNamed(String type, JsonNode sample, String field) {
        ObjectNode tree = sample.deepCopy();
        tree.remove(field);

        assertThat(VALIDATOR.violations(tree)).anySatisfy(v -> assertThat(v).startsWith("/" + field + ": "));
    }

    @ParameterizedTest(name = "{0} with payload.{2} of the wrong type")
    @MethodSource("payloadFields")
    void aPayloadFieldOfTheWrongTypeIsNamed(String type, JsonNode sample, String field) {
        ObjectNode tree = sample.deepCopy();
        JsonNode value = tree.get("payload").get(field);
        // A number where text is expected, text everywhere else.
        JsonNode wrong = value.isTextual() ? IntNode.valueOf(42) : TextNode.valueOf("forty-two");
        ((ObjectNode) tree.get("payload")).set(field, wrong);

        assertThat(VALIDATOR.violations(tree)).anySatisfy(v -> assertThat(v).startsWith("/payload/" + field));
    }

    @Test
    void everyViolationIsReportedInOneLineNamingTheField() throws Exception {
        ObjectNode tree = CODEC.toTree(SampleEvents.batchRequested()).deepCopy();
        ObjectNode payload = (ObjectNode) tree.get("payload");
        payload.put("baseVersion", "three");
        ((ObjectNode) payload.get("edits").get(1)).remove("approver");

        assertThatThrownBy(() -> CODEC.read(tree.toString()))
                .isInstanceOf(EventFormatException.class)
                .hasMessageStartingWith("invalid batch.requested: ")
                .hasMessageContaining("/payload/baseVersion: ")
                .hasMessageContaining("/payload/edits/1/approver: ")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void everySchemaFileIsAValidDraft2020_12Schema() throws Exception {
        Schema metaSchema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(SchemaLocation.of("https://json-schema.org/draft/2020-12/schema"));
        List<String> files = new ArrayList<>(Arrays.stream(EventType.values()).map(EventType::schemaResource).toList());
        files.add("schemas/common.schema.json");
        for (String file : files) {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream(file)) {
                assertThat(in).as(file).isNotNull();
                JsonNode schema = MAPPER.readTree(in);
                assertThat(metaSchema.validate(schema)).as(file).isEmpty();
                assertThat(schema.get("$schema").asText()).isEqualTo("https://json-schema.org/draft/2020-12/schema");
            }
        }
    }

    @Test
    void promptWithoutSubjectPlaceholderIsInvalid() {
        ObjectNode tree = CODEC.toTree(SampleEvents.editProposed()).deepCopy();
        ((ObjectNode) tree.get("payload")).put("prompt", "The mother tongue of Danielle Darrieux is");

        assertThat(VALIDATOR.violations(tree)).singleElement().asString().startsWith("/payload/prompt: ");
    }

    @Test
    void malformedIdsTimesDigestsAndLinksAreInvalid() {
        assertThat(violationsAfter(SampleEvents.editProposed(), "/eventId", TextNode.valueOf("not-a-uuid")))
                .singleElement().asString().startsWith("/eventId: ");
        assertThat(violationsAfter(SampleEvents.editProposed(), "/occurredAt", TextNode.valueOf("25/11/2026 08:00")))
                .singleElement().asString().startsWith("/occurredAt: ");
        assertThat(violationsAfter(SampleEvents.batchCompleted(), "/payload/delta/sha256",
                TextNode.valueOf("A".repeat(64)))).singleElement().asString().startsWith("/payload/delta/sha256: ");
        assertThat(violationsAfter(SampleEvents.editProposed(), "/payload/subject", TextNode.valueOf("   ")))
                .singleElement().asString().startsWith("/payload/subject: ");
        assertThat(violationsAfter(SampleEvents.editReviewed(), "/payload/decision", TextNode.valueOf("MAYBE")))
                .singleElement().asString().startsWith("/payload/decision: ");
        assertThat(violationsAfter(SampleEvents.batchRequested(), "/payload/gates/minEfficacySuccess",
                TextNode.valueOf("high"))).singleElement().asString().startsWith("/payload/gates/minEfficacySuccess: ");
    }

    @Test
    void aVersionMadeByBothABatchAndARollbackIsInvalid() {
        ObjectNode tree = CODEC.toTree(SampleEvents.versionCommittedByBatch()).deepCopy();
        ((ObjectNode) tree.get("payload")).set("rollback",
                CODEC.toTree(SampleEvents.versionCommittedByRollback()).get("payload").get("rollback"));

        assertThat(VALIDATOR.violations(tree)).isNotEmpty();
    }

    @Test
    void aBatchThatMissedItsGatesMustCarryItsReportButAnErrorNeedNot() {
        ObjectNode gates = CODEC.toTree(SampleEvents.batchFailed()).deepCopy();
        ((ObjectNode) gates.get("payload")).remove("report");
        ObjectNode error = gates.deepCopy();
        ((ObjectNode) error.get("payload")).put("kind", "ERROR");

        assertThat(VALIDATOR.violations(gates)).anySatisfy(v -> assertThat(v).startsWith("/payload/report: "));
        assertThat(VALIDATOR.violations(error)).isEmpty();
    }

    @Test
    void aWithdrawalMayGiveNoReasonButMustNameItsProposer() {
        EventEnvelope<EditWithdrawn> silent = EventEnvelope.of(SampleEvents.editWithdrawn().eventId(),
                SampleEvents.AT, Actor.user("alice"), new EditWithdrawn("edit-0003", SampleEvents.MODEL, null, "alice"));

        assertThat(CODEC.read(CODEC.write(silent))).isEqualTo(silent);
        assertThat(violationsAfter(SampleEvents.editWithdrawn(), "/payload/proposer", TextNode.valueOf(" ")))
                .singleElement().asString().startsWith("/payload/proposer: ");
    }

    @Test
    void aBatchWithoutEditsIsInvalid() {
        assertThat(violationsAfter(SampleEvents.batchRequested(), "/payload/edits", MAPPER.createArrayNode()))
                .singleElement().asString().startsWith("/payload/edits: ");
    }

    @Test
    void aDocumentThatIsNotAnEventObjectIsInvalid() {
        assertThat(VALIDATOR.violations(MAPPER.createArrayNode())).containsExactly("/: an event must be a JSON object");
        assertThat(VALIDATOR.violations(MAPPER.createObjectNode()))
                .containsExactly("/type: required string naming the event type");
    }

    private static List<String> violationsAfter(EventEnvelope<?> event, String pointer, JsonNode value) {
        ObjectNode tree = CODEC.toTree(event).deepCopy();
        int slash = pointer.lastIndexOf('/');
        ObjectNode parent = (ObjectNode) tree.at(pointer.substring(0, slash));
        parent.set(pointer.substring(slash + 1), value);
        return VALIDATOR.violations(tree);
    }
}
