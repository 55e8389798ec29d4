package org.editgov.audit.reports;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.editgov.audit.log.LogStore;
import org.editgov.audit.support.Flow;
import org.editgov.audit.support.LogAwait;
import org.editgov.audit.support.Publisher;
import org.editgov.audit.support.Users;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class ComplianceReportTest {

    private static final Flow flow = new Flow(41);
    private static boolean logged;

    @Inject
    LogStore store;

    @BeforeEach
    void logAFlowOnce() {
        if (logged) {
            return;
        }
        try (Publisher publisher = new Publisher()) {
            publisher.publish(flow.events);
        }
        LogAwait.allAppended(store, flow.eventIds());
        logged = true;
    }

    @Test
    void jsonReportNamesWhoProposedAndApprovedEachAppliedEditWithItsBatchVersionsAndRollback() {
        JsonPath report = given().header("Authorization", Users.bearer("ada"))
                .queryParam("model", flow.modelId).queryParam("format", "json")
                .get("/api/reports/compliance").then().statusCode(200).extract().jsonPath();
        assertThat(report.getInt("summary.editsApplied")).isEqualTo(2);
        assertThat(report.getInt("summary.batchesCompleted")).isEqualTo(1);
        assertThat(report.getInt("summary.batchesFailed")).isEqualTo(1);
        assertThat(report.getInt("summary.versionsCommitted")).isEqualTo(2);
        assertThat(report.getInt("summary.rollbacks")).isEqualTo(1);

        // The report lists applied edits by version, then by edit id; the flow's ids are random.
        List<String> expectedOrder = java.util.stream.Stream.of(flow.editA, flow.editB).sorted().toList();
        assertThat(report.getList("appliedEdits.editId")).containsExactlyElementsOf(expectedOrder);
        String a = "appliedEdits[" + expectedOrder.indexOf(flow.editA) + "]";
        assertThat(report.getString(a + ".proposedBy")).isEqualTo(Flow.PROPOSER);
        assertThat(report.getString(a + ".approvedBy")).isEqualTo(Flow.REVIEWER);
        assertThat(report.getString(a + ".reviewComment")).isEqualTo("Checked the source.");
        assertThat(report.getString(a + ".rationale")).isEqualTo(Flow.RATIONALE);
        assertThat(report.getString(a + ".batchId")).isEqualTo(flow.batch1);
        assertThat(report.getInt(a + ".version")).isEqualTo(1);
        assertThat(report.getString(a + ".deltaSha256")).isEqualTo(flow.deltaSha);
        assertThat(report.getList(a + ".logIndices")).hasSize(4);

        assertThat(report.getList("batches.outcome")).containsExactlyInAnyOrder("COMPLETED", "FAILED");
        assertThat(report.getList("versions.version")).containsExactly(1, 2);
        assertThat(report.getInt("rollbacks[0].targetVersion")).isZero();
        assertThat(report.getInt("rollbacks[0].resultingVersion")).isEqualTo(2);
        assertThat(report.getString("rollbacks[0].requestedBy")).isEqualTo(Flow.OPERATOR);

        long coveredSize = report.getLong("coverage.treeHead.treeSize");
        List<Long> cited = report.getList("appliedEdits.logIndices.flatten()", Long.class);
        assertThat(cited).allSatisfy(i -> assertThat(i).isLessThan(coveredSize));
        // At least the flow's own entries; more when a running editor worker answered its batch requests.
        assertThat(report.getLong("coverage.entriesCited")).isGreaterThanOrEqualTo(flow.events.size());
    }

    @Test
    void eachBatchShowsTheGatesAsTheWorkerReportedThem() {
        JsonPath report = given().header("Authorization", Users.bearer("ada"))
                .queryParam("model", flow.modelId).queryParam("format", "json")
                .get("/api/reports/compliance").then().statusCode(200).extract().jsonPath();
        String failed = "batches.find { it.outcome == 'FAILED' }.gateChecks";
        String completed = "batches.find { it.outcome == 'COMPLETED' }.gateChecks";

        // The worker's check names, its thresholds (the requested gates 0.9 / 0.6 / 0.7 / 0.05) and its figures.
        assertThat(report.getList(failed + ".gate")).containsExactly("efficacy_success", "paraphrase_success",
                "neighborhood_success", "regression_facts_kept", "fluency_drop");
        assertThat(report.getList(failed + ".bound")).containsExactly("at least", "at least", "at least", "at least",
                "at most");
        assertThat(report.getList(failed + ".threshold", Double.class)).containsExactly(0.9, 0.6, 0.7, 0.7, 0.05);
        assertThat(report.getList(failed + ".value", Double.class)).containsExactly(1.0, 0.85, 0.52, 0.65, 0.0048);
        assertThat(report.getList(failed + ".passed")).containsExactly(true, true, false, false, true);
        assertThat(report.getList(failed + ".status")).containsExactly("passed", "passed", "not met", "not met",
                "passed");
        assertThat(report.getList(failed + ".source")).containsOnly("worker");
        assertThat(report.getList(completed + ".value", Double.class)).containsExactly(1.0, 0.85, 0.88, 0.95, 0.0048);
        assertThat(report.getList(completed + ".status")).containsOnly("passed");
        // The worker's report itself travels with the batch: its engine metrics are in percent.
        assertThat(report.getDouble("batches.find { it.outcome == 'FAILED' }.evaluation.edits.metrics.NS"))
                .isEqualTo(52.0);
    }

    @Test
    void htmlReportShowsEachGateWithItsThresholdAndMeasuredFigure() {
        String html = given().header("Authorization", Users.bearer("olga"))
                .queryParam("model", flow.modelId).queryParam("format", "html")
                .get("/api/reports/compliance").then().statusCode(200).contentType("text/html").extract().asString();
        assertThat(html)
                .contains("<tr><td>neighbourhood success (related subjects keep their answer)</td><td>at least 70.0%"
                        + "</td><td>52.0%</td><td><span class=\"fail\">not met</span></td></tr>")
                .contains("<tr><td>regression facts kept (the model&#39;s other facts unchanged)</td><td>at least 70.0%"
                        + "</td><td>65.0%</td><td><span class=\"fail\">not met</span></td></tr>")
                .contains("<tr><td>efficacy success (rewrite prompts give the new answer)</td><td>at least 90.0%"
                        + "</td><td>100.0%</td><td><span class=\"pass\">passed</span></td></tr>")
                .contains("<tr><td>fluency drop (relative fall of generation entropy)</td><td>at most 5.0%"
                        + "</td><td>0.5%</td><td><span class=\"pass\">passed</span></td></tr>")
                .contains("<tr><td>neighbourhood success: related subjects keep their answer (NS)</td><td>96</td>"
                        + "<td>52</td></tr>")
                .contains("<tr><td>facts whose answer did not change</td><td>13</td></tr>")
                .doesNotContain("not reported");
    }

    @Test
    void htmlReportIsAReadablePageWithEscapedText() {
        String html = given().header("Authorization", Users.bearer("olga"))
                .queryParam("model", flow.modelId).queryParam("format", "html")
                .get("/api/reports/compliance").then().statusCode(200).contentType("text/html").extract().asString();
        assertThat(html).startsWith("<!DOCTYPE html>")
                .contains("Compliance report for model " + flow.modelId)
                .contains("2 fact corrections were written into the model's weights by 1 batch")
                .contains("&ldquo;The mother tongue of Danielle Darrieux is&rdquo; now completes with <strong>French</strong>")
                .contains("&lt;b&gt;sources&lt;/b&gt; say French &amp; more")
                .doesNotContain("<b>sources</b>")
                .contains("<span class=\"fail\">not met</span>")
                .contains("rollback to the weights of version 0")
                .contains("@media print");
    }

    @Test
    void periodBeforeTheFlowHasNothing() {
        JsonPath report = given().header("Authorization", Users.bearer("ada")).queryParam("model", flow.modelId)
                .queryParam("from", "2020-01-01").queryParam("to", "2020-02-01")
                .get("/api/reports/compliance").then().statusCode(200).extract().jsonPath();
        assertThat(report.getInt("summary.editsApplied")).isZero();
        assertThat(report.getList("batches")).isEmpty();
    }
}
