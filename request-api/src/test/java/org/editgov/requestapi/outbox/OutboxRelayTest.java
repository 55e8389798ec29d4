package org.editgov.requestapi.outbox;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.editgov.contracts.Topics;
import org.editgov.requestapi.support.EventTap;
import org.editgov.requestapi.support.Fixtures;
import org.editgov.testsupport.RealServersTestResource;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.editgov.requestapi.support.EventTap.forModel;
import static org.editgov.requestapi.support.Users.ALICE;
import static org.editgov.requestapi.support.Users.BOB;

/**
 * The relay stopped between commit and publish, and killed between publish and marking the rows sent:
 * nothing committed is lost, and after deduplication by event id every event arrives exactly once, in
 * the order of the changes.
 */
@QuarkusTest
@QuarkusTestResource(value = RealServersTestResource.class, initArgs = {
        @ResourceArg(name = "database", value = "request_api"), @ResourceArg(name = "client", value = "request-api")})
class OutboxRelayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Inject
    OutboxRelay relay;

    @Test
    void eventsSurviveARelayOutageAndACrashBeforeMarkingAndArriveOnceAfterDedupe() {
        String model = Fixtures.registerModel("outbox");
        List<String> expected = new ArrayList<>();
        try (EventTap tap = new EventTap(Topics.EDIT_PROPOSED, Topics.EDIT_REVIEWED).track(model)) {
            relay.stop();
            try {
                List<String> edits = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    String edit = Fixtures.propose(ALICE, model, "Outbox subject " + i, "Outbox target");
                    edits.add(edit);
                    expected.add(Topics.EDIT_PROPOSED + " " + edit);
                }
                for (String edit : edits.subList(0, 2)) {
                    Fixtures.approve(BOB, edit);
                    expected.add(Topics.EDIT_REVIEWED + " " + edit);
                }
                assertThat(unsent(model)).isEqualTo(7);
                assertThat(tap.drain(forModel(model), Duration.ofSeconds(2))).as("published while the relay is down").isEmpty();

                // A relay that dies after Kafka acknowledged and before its transaction committed the marks.
                QuarkusTransaction.begin();
                try {
                    relay.publishPending();
                } finally {
                    QuarkusTransaction.rollback();
                }
                assertThat(tap.await(forModel(model), 7, WAIT)).hasSize(7);
                assertThat(unsent(model)).as("rows still unsent after the crash").isEqualTo(7);
            } finally {
                relay.start();
            }
            List<EventTap.Published> raw = tap.await(forModel(model), 14, WAIT);
            await().atMost(WAIT).until(() -> unsent(model) == 0);
            raw = tap.drain(forModel(model), Duration.ofSeconds(2));

            assertThat(raw).as("every event twice on the wire").hasSize(14);
            Map<String, Long> copies = raw.stream()
                    .collect(Collectors.groupingBy(EventTap.Published::eventId, Collectors.counting()));
            assertThat(copies).hasSize(7).allSatisfy((id, n) -> assertThat(n).isEqualTo(2));
            Map<String, EventTap.Published> deduped = new LinkedHashMap<>();
            raw.forEach(p -> deduped.putIfAbsent(p.eventId(), p));
            // Kafka orders a model's events within one topic only (edit.proposed and edit.reviewed
            // are two topics), so a consumer puts them in order by the time they occurred.
            assertThat(deduped.values().stream()
                    .sorted(Comparator.comparing(p -> Instant.parse(p.event().path("occurredAt").asText())))
                    .map(OutboxRelayTest::describe).toList())
                    .as("after dedupe: each change once, in order").containsExactlyElementsOf(expected);
        }
    }

    private static String describe(EventTap.Published p) {
        JsonNode payload = p.payload();
        return p.topic() + " " + payload.path("editId").asText();
    }

    private static long unsent(String model) {
        return QuarkusTransaction.requiringNew().call(() ->
                OutboxEvent.count("messageKey = ?1 and sentAt is null", model));
    }
}
