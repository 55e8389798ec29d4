package org.editgov.audit.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.editgov.audit.support.Flow;
import org.editgov.audit.support.WorkerReport;
import org.editgov.contracts.Gates;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Gates read from reports the editor worker really wrote (test resources {@code worker-reports/}: the report
 * objects of a failed batch of its tiny-model flow test and of a completed batch of the platform's end-to-end
 * run, copied verbatim from its artifact store's {@code outcomes/}), and from reports with parts taken away.
 */
class GateChecksTest {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Gates REQUESTED = new Gates(1.0, 1.0, 1.0, 0.0);

    @Test
    void eachGateOfARealFailedWorkerReportKeepsItsNameThresholdValueAndVerdict() throws IOException {
        List<ComplianceReport.GateCheck> checks = GateChecks.of(REQUESTED, workerReport("tiny-batch-failed.json"));

        assertThat(checks).extracting(ComplianceReport.GateCheck::gate, ComplianceReport.GateCheck::bound,
                        ComplianceReport.GateCheck::threshold, ComplianceReport.GateCheck::value,
                        ComplianceReport.GateCheck::passed, ComplianceReport.GateCheck::status)
                .containsExactly(
                        tuple("efficacy_success", "at least", 1.0, 1.0, true, "passed"),
                        tuple("paraphrase_success", "at least", 1.0, 0.75, false, "not met"),
                        tuple("neighborhood_success", "at least", 1.0, 0.25, false, "not met"),
                        tuple("regression_facts_kept", "at least", 1.0, 0.75, false, "not met"),
                        tuple("fluency_drop", "at most", 0.0, 0.0, true, "passed"));
        assertThat(checks).allSatisfy(c -> assertThat(c.source()).isEqualTo(GateChecks.FROM_WORKER));
    }

    @Test
    void aGateTheWorkerCouldNotMeasureIsNotMeasuredNotPassed() throws IOException {
        List<ComplianceReport.GateCheck> checks = GateChecks.of(new Gates(0, 0, 0, 1),
                workerReport("e2e-batch-completed.json"));

        assertThat(checks).extracting(ComplianceReport.GateCheck::gate, ComplianceReport.GateCheck::value,
                        ComplianceReport.GateCheck::passed, ComplianceReport.GateCheck::status)
                .containsExactly(
                        tuple("efficacy_success", 1.0, true, "passed"),
                        tuple("paraphrase_success", null, null, "not measured"),
                        tuple("neighborhood_success", null, null, "not measured"),
                        tuple("regression_facts_kept", null, null, "not measured"),
                        tuple("fluency_drop", null, null, "not measured"));
        // The worker's threshold for the fluency gate is kept even where nothing was measured.
        assertThat(checks.get(4).threshold()).isEqualTo(100.0);
    }

    @Test
    void withoutTheWorkersChecksGatesAreJudgedFromItsPercentMetricsAndRegressionFigures() throws IOException {
        ObjectNode report = (ObjectNode) workerReport("tiny-batch-failed.json");
        report.remove("gates");
        Gates gates = new Gates(0.9, 0.7, 0.3, 0.05);

        List<ComplianceReport.GateCheck> checks = GateChecks.of(gates, report);

        // edits.metrics: ES 100 %, PS 75 %, NS 25 %; regression: kept_fraction 0.75, fluency_drop 0.0.
        assertThat(checks).extracting(ComplianceReport.GateCheck::gate, ComplianceReport.GateCheck::threshold,
                        ComplianceReport.GateCheck::value, ComplianceReport.GateCheck::status)
                .containsExactly(
                        tuple("efficacy_success", 0.9, 1.0, "passed"),
                        tuple("paraphrase_success", 0.7, 0.75, "passed"),
                        tuple("neighborhood_success", 0.3, 0.25, "not met"),
                        tuple("regression_facts_kept", 0.3, 0.75, "passed"),
                        tuple("fluency_drop", 0.05, 0.0, "passed"));
        assertThat(checks).allSatisfy(c -> assertThat(c.source()).isEqualTo(GateChecks.RECOMPUTED));
    }

    @Test
    void onlyAFigureThatIsTrulyAbsentIsNotReported() throws IOException {
        ObjectNode report = (ObjectNode) workerReport("tiny-batch-failed.json");
        // The worker wrote no check for paraphrase and the engine's metrics lack PS; the other checks stay.
        ObjectNode gates = (ObjectNode) report.get("gates");
        gates.set("checks", MAPPER.createArrayNode().addAll(
                List.of(gates.get("checks").get(0), gates.get("checks").get(2), gates.get("checks").get(3),
                        gates.get("checks").get(4))));
        ((ObjectNode) report.get("edits").get("metrics")).remove("PS");

        List<ComplianceReport.GateCheck> checks = GateChecks.of(REQUESTED, report);

        ComplianceReport.GateCheck paraphrase = checks.stream().filter(c -> c.gate().equals("paraphrase_success"))
                .findFirst().orElseThrow();
        assertThat(paraphrase.status()).isEqualTo("not reported");
        assertThat(paraphrase.value()).isNull();
        assertThat(paraphrase.passed()).isNull();
        assertThat(paraphrase.threshold()).isEqualTo(1.0);
        assertThat(checks).filteredOn(c -> !c.gate().equals("paraphrase_success"))
                .extracting(ComplianceReport.GateCheck::status).containsExactly("passed", "not met", "not met", "passed");
    }

    @Test
    void aBatchWithoutAReportHasEveryRequestedGateNotReported() {
        List<ComplianceReport.GateCheck> checks = GateChecks.of(Flow.GATES, null);

        assertThat(checks).extracting(ComplianceReport.GateCheck::threshold).containsExactly(0.9, 0.6, 0.7, 0.7, 0.05);
        assertThat(checks).allSatisfy(c -> {
            assertThat(c.status()).isEqualTo("not reported");
            assertThat(c.passed()).isNull();
        });
        assertThat(GateChecks.of(null, null)).isEmpty();
    }

    @Test
    void theTestsWorkerShapedReportHasExactlyTheFieldsOfARealWorkerReport() throws IOException {
        JsonNode built = WorkerReport.of("b", "m", 0, Flow.GATES, Flow.PASSING, List.of("e1"));

        assertThat(fieldPaths(built, "")).isEqualTo(fieldPaths(workerReport("tiny-batch-failed.json"), ""));
    }

    private static TreeSet<String> fieldPaths(JsonNode node, String prefix) {
        TreeSet<String> paths = new TreeSet<>();
        if (node.isObject()) {
            node.fieldNames().forEachRemaining(name -> {
                paths.add(prefix + name);
                paths.addAll(fieldPaths(node.get(name), prefix + name + "."));
            });
        } else if (node.isArray() && !node.isEmpty() && node.get(0).isContainerNode()) {
            // Every element of an array of objects (checks, rows) has its fields; the settings differ by method.
            node.forEach(element -> paths.addAll(fieldPaths(element, prefix + "[].")));
        }
        paths.removeIf(p -> p.startsWith("edits.settings."));
        return paths;
    }

    private static JsonNode workerReport(String name) throws IOException {
        try (InputStream in = GateChecksTest.class.getResourceAsStream("/worker-reports/" + name)) {
            assertThat(in).as(name).isNotNull();
            return MAPPER.readTree(in);
        }
    }
}
