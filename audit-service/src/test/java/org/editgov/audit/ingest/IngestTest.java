package org.editgov.audit.ingest;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.editgov.audit.log.LogStore;
import org.editgov.audit.support.Flow;
import org.editgov.audit.support.LogAwait;
import org.editgov.audit.support.Publisher;
import org.editgov.audit.support.Users;
import org.editgov.contracts.EventEnvelope;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class IngestTest {

    @Inject
    LogStore store;

    @Test
    void everyEventIsLoggedOnceThoughPublishedThreeTimes() {
        Flow flow = new Flow(11);
        Flow marker = new Flow(12);
        try (Publisher publisher = new Publisher()) {
            List<EventEnvelope<?>> reversed = new ArrayList<>(flow.events);
            Collections.reverse(reversed);
            publisher.publish(flow.events);
            publisher.publish(reversed);
            LogAwait.allAppended(store, flow.eventIds());
            publisher.publish(flow.events);
            // Records of one model share a partition, so once the marker is in, the third copies were consumed.
            publisher.publish(marker.events.subList(0, 1));
            LogAwait.allAppended(store, marker.eventIds().subList(0, 1));
        }
        // The platform's own services may answer our events (a running editor worker fails batch requests for
        // models it does not know), so count only the events of this flow.
        List<String> logged = history(Map.of("model", flow.modelId)).getList("entries.eventId");
        assertThat(logged.stream().filter(flow.eventIds()::contains).toList())
                .containsExactlyInAnyOrderElementsOf(flow.eventIds());
    }

    @Test
    void entriesKeepTheActorModelVersionAndDelta() {
        Flow flow = new Flow(13);
        try (Publisher publisher = new Publisher()) {
            publisher.publish(flow.events);
        }
        LogAwait.allAppended(store, flow.eventIds());
        JsonPath completed = history(Map.of("model", flow.modelId, "type", "batch.completed", "actor", "editor-worker",
                "batch", flow.batch1));
        assertThat(completed.getList("entries")).hasSize(1);
        assertThat(completed.getString("entries[0].actor")).isEqualTo("editor-worker");
        assertThat(completed.getInt("entries[0].modelVersion")).isEqualTo(1);
        assertThat(completed.getString("entries[0].entry.deltaSha256")).isEqualTo(flow.deltaSha);
        assertThat(completed.getLong("entries[0].entry.deltaSizeBytes")).isEqualTo(flow.deltaBytes.length);
        assertThat(completed.getString("entries[0].entry.event.eventId")).isEqualTo(flow.events.get(5).eventId());

        JsonPath byEdit = history(Map.of("edit", flow.editA));
        // Each type has its own topic, so the log's order across types is the order of consumption.
        assertThat(byEdit.getList("entries.type")).containsExactlyInAnyOrder("edit.proposed", "edit.reviewed",
                "batch.requested", "batch.completed");
        JsonPath byActor = history(Map.of("actor", Flow.OPERATOR, "model", flow.modelId));
        assertThat(byActor.getList("entries.type")).containsExactly("model.rollback.requested");
        String rollbackAt = flow.rollbackRequest.occurredAt().toString();
        JsonPath byPeriod = history(Map.of("model", flow.modelId, "since", rollbackAt));
        List<String> ownSinceRollback = byPeriod.getList("entries.eventId", String.class).stream()
                .filter(flow.eventIds()::contains).toList();
        assertThat(ownSinceRollback).containsExactlyInAnyOrderElementsOf(flow.eventIds().subList(9, 11));
        assertThat(byPeriod.getList("entries.occurredAt", String.class))
                .allSatisfy(at -> assertThat(java.time.Instant.parse(at)).isAfterOrEqualTo(flow.rollbackRequest.occurredAt()));
    }

    @Test
    void recordsThatAreNotEventsAreKeptAsRejectedNotAppended() {
        String marker = "not-an-event-" + System.nanoTime();
        try (Publisher publisher = new Publisher()) {
            publisher.publishRaw("edit.reviewed", "{\"eventId\":\"" + marker + "\"}");
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<Map<String, Object>> rejected = given().header("Authorization", Users.bearer("olga"))
                    .get("/api/log/rejected").then().statusCode(200).extract().jsonPath().getList("$");
            assertThat(rejected).anySatisfy(r -> {
                assertThat((String) r.get("rawValue")).contains(marker);
                assertThat((String) r.get("reason")).startsWith("invalid event: /type");
            });
        });
        assertThat(history(Map.of("actor", marker)).getList("entries")).isEmpty();
    }

    private static JsonPath history(Map<String, String> query) {
        return given().header("Authorization", Users.bearer("ada")).queryParams(query).queryParam("limit", 1000)
                .get("/api/log/history").then().statusCode(200).extract().jsonPath();
    }
}
