package org.editgov.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.editgov.e2e.support.AuditTrail;
import org.editgov.e2e.support.Corrections;
import org.editgov.e2e.support.Facts;
import org.editgov.e2e.support.Facts.Fact;
import org.editgov.e2e.support.Platform;
import org.editgov.e2e.support.Progress;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The whole governed path on the running platform, from HTTP only with real tokens and nothing
 * registered by hand: alice proposes 20 CounterFact corrections for the embedded model, bob approves
 * 18 and rejects 2, the model's batch policy fires, the editor worker applies them, request-api shows
 * 18 APPLIED, the model answers the 18 prompts with the new objects and the 2 rejected as before, the
 * audit log holds every event once and verifies, and the compliance report lists the 18.
 */
@Order(1)
class GovernedCorrectionsIT {

    static final int PROPOSED = 20;
    static final int REJECTED = 2;
    /**
     * The engine takes about 85-92 % of a batch's edits on this model (measured: e2e/README.md); an
     * edit "took" when the one-token answer is the new object's first word.
     */
    static final int MIN_TAKEN = 15;

    @Test
    void twentyProposedEighteenApprovedAndAppliedTwoRejectedAllAudited() {
        Platform platform = Platform.shared();
        Instant start = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(1);
        Corrections corrections = new Corrections(platform, Corrections.newRun());
        AuditTrail audit = new AuditTrail(platform);

        JsonNode model = corrections.model();
        assertThat(model.path("id").asText()).isEqualTo(Platform.MODEL);
        JsonNode policy = platform.requestApi("olga").get("/api/models/" + Platform.MODEL + "/batch-policy").expect(200);
        Progress.say("model " + Platform.MODEL + " at version " + model.path("currentVersion").asInt() + ", gates "
                + model.path("gates") + ", batch policy " + policy);
        int baseVersion = model.path("currentVersion").asInt();

        List<Fact> facts = Facts.fresh(platform, PROPOSED);
        List<Fact> approvedFacts = facts.subList(0, PROPOSED - REJECTED);
        List<Fact> rejectedFacts = facts.subList(PROPOSED - REJECTED, PROPOSED);
        List<String> before = Facts.answers(platform.webUi("alice"), facts);

        List<String> ids = corrections.propose(facts);
        List<String> approved = ids.subList(0, PROPOSED - REJECTED);
        List<String> rejected = ids.subList(PROPOSED - REJECTED, PROPOSED);
        corrections.approve(approved);
        corrections.reject(rejected);

        // No batch is cut by hand: the policy bin/platform set fires on its own.
        Map<String, Integer> states = corrections.awaitBatchEnd(approved, Corrections.APPLY_TIMEOUT);
        assertThat(states).as("request-api's states of the approved edits").isEqualTo(Map.of("APPLIED", approved.size()));
        assertThat(corrections.states(rejected)).isEqualTo(Map.of("REJECTED", REJECTED));

        List<String> batches = corrections.batchesOf(approved);
        for (String batchId : batches) {
            JsonNode batch = corrections.batch(batchId);
            assertThat(batch.path("state").asText()).isEqualTo("COMPLETED");
            assertThat(batch.path("trigger").asText()).as("fired by the policy, not cut by hand").isIn("MAX_WAIT", "MAX_SIZE", "CRON");
            Progress.say("batch " + batchId + ": " + batch.path("editCount").asInt() + " edits, trigger "
                    + batch.path("trigger").asText() + ", version " + batch.path("baseVersion").asInt() + " -> "
                    + batch.path("newVersion").asInt() + ", gates " + batch.path("report").path("gates"));
        }
        assertThat(corrections.currentVersion()).isEqualTo(baseVersion + batches.size());

        List<String> after = Facts.answers(platform.webUi("alice"), facts);
        int taken = 0;
        for (int i = 0; i < approvedFacts.size(); i++) {
            Fact fact = approvedFacts.get(i);
            boolean took = after.get(i).equals(fact.newWord());
            taken += took ? 1 : 0;
            Progress.say(String.format("  %-40s %-12s -> %-12s (new object %s)%s", fact.filledPrompt(), before.get(i), after.get(i),
                    fact.targetNew(), took ? "" : "  NOT TAKEN"));
        }
        Progress.say("RESULT edits taken: " + taken + " of " + approvedFacts.size() + " approved answer with the new object");
        assertThat(before.subList(0, approvedFacts.size())).as("before the batch: the true objects")
                .isEqualTo(approvedFacts.stream().map(Fact::trueWord).toList());
        assertThat(taken).as("approved edits answered with their new object").isGreaterThanOrEqualTo(MIN_TAKEN);
        for (int i = 0; i < REJECTED; i++) {
            int at = approvedFacts.size() + i;
            assertThat(after.get(at)).as("rejected: %s", rejectedFacts.get(i).filledPrompt()).isEqualTo(before.get(at))
                    .isEqualTo(rejectedFacts.get(i).trueWord());
        }

        checkAuditLog(audit, approved, rejected, batches);
        String verdict = audit.verify(Path.of("target/audit-verify"));
        Progress.say("bin/audit-verify: " + verdict);
        assertThat(verdict).startsWith("OK");

        JsonNode report = audit.compliance(start.toString());
        Map<String, JsonNode> applied = new java.util.HashMap<>();
        report.path("appliedEdits").forEach(e -> applied.put(e.path("editId").asText(), e));
        for (int i = 0; i < approved.size(); i++) {
            JsonNode edit = applied.get(approved.get(i));
            assertThat(edit).as("compliance report lists edit %s", approved.get(i)).isNotNull();
            assertThat(edit.path("proposedBy").asText()).isEqualTo("alice");
            assertThat(edit.path("approvedBy").asText()).isEqualTo("bob");
            assertThat(edit.path("rationale").asText()).isEqualTo(Corrections.rationale(corrections.run(), approvedFacts.get(i)));
        }
        for (String id : rejected) {
            assertThat(applied).as("the report lists no rejected edit").doesNotContainKey(id);
        }
        Progress.say("compliance report since " + start + ": " + report.path("summary") + "; all " + approved.size()
                + " approved edits listed with proposer, approver and rationale");
    }

    /** Each edit's events once (proposed, reviewed; the approved ones in their batch), no event id twice. */
    static void checkAuditLog(AuditTrail audit, List<String> approved, List<String> rejected, List<String> batches) {
        for (String batch : batches) {
            List<JsonNode> entries = audit.awaitTypes(AuditTrail.filter("batch", batch),
                    Map.of("batch.requested", 1, "model.version.committed", 1, "batch.completed", 1), AuditTrail.CATCH_UP);
            assertThat(AuditTrail.types(entries)).as("batch %s in the log", batch)
                    .isEqualTo(Map.of("batch.requested", 1, "model.version.committed", 1, "batch.completed", 1));
            // The worker's two results travel on two topics, which Kafka does not order between them.
            assertThat(entries.get(0).path("type").asText()).as("the request logged before its results").isEqualTo("batch.requested");
        }
        Set<String> eventIds = new HashSet<>();
        List<String> all = new ArrayList<>(approved);
        all.addAll(rejected);
        for (String id : all) {
            List<JsonNode> entries = audit.history(AuditTrail.filter("edit", id));
            List<String> ownEvents = entries.stream().map(e -> e.path("type").asText())
                    .filter(t -> t.startsWith("edit.")).toList();
            assertThat(ownEvents).as("events of edit %s, each once", id).containsExactlyInAnyOrder("edit.proposed", "edit.reviewed");
            entries.forEach(e -> eventIds.add(e.path("eventId").asText()));
        }
        List<JsonNode> window = new ArrayList<>();
        for (String id : all) {
            window.addAll(audit.history(AuditTrail.filter("edit", id)));
        }
        long distinctIndices = window.stream().map(e -> e.path("index").asLong()).distinct().count();
        assertThat(eventIds).as("one log entry per event id").hasSize((int) distinctIndices);
        Progress.say("audit log: every edit proposed and reviewed once, every batch requested, committed and completed once, "
                + eventIds.size() + " distinct events");
    }
}
