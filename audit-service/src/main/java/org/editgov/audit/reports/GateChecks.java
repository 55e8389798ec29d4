package org.editgov.audit.reports;

import com.fasterxml.jackson.databind.JsonNode;
import org.editgov.contracts.Gates;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A batch's gates as the editor worker judged them, read from the report it publishes with
 * {@code batch.completed} / {@code batch.failed}:
 * <pre>
 * {gates: {passed, checks: [{name, value, min | max, measured, passed}]},   values and thresholds as fractions
 *  edits: {metrics: {ES, PS, NS, ..., GE_before, GE_after}, unedited: {...}, rows: [...]},   metrics in percent
 *  regression: {facts, kept, kept_fraction, GE_before, GE_after, fluency_drop, ...}}
 * </pre>
 * Each check of {@code gates.checks} is taken as written (the worker is the one that decided). A gate the worker
 * names but did not write a check for is recomputed from the report's own figures against the batch's requested
 * gates; only when the figure itself is absent is the gate "not reported". A check the worker wrote with
 * {@code measured: false} is "not measured" (the edits give no such figure), never "passed", even though the
 * worker lets an unmeasured gate through.
 */
final class GateChecks {

    static final String PASSED = "passed";
    static final String NOT_MET = "not met";
    static final String NOT_MEASURED = "not measured";
    static final String NOT_REPORTED = "not reported";

    static final String FROM_WORKER = "worker";
    static final String RECOMPUTED = "recomputed from the report's figures";

    /** The worker's gates (GateVerdict.evaluate), in its order: name, label, which requested gate is the bound. */
    private enum KnownGate {
        EFFICACY("efficacy_success", "efficacy success (rewrite prompts give the new answer)", true),
        PARAPHRASE("paraphrase_success", "paraphrase success (reworded prompts give the new answer)", true),
        NEIGHBORHOOD("neighborhood_success", "neighbourhood success (related subjects keep their answer)", true),
        REGRESSION("regression_facts_kept", "regression facts kept (the model's other facts unchanged)", true),
        FLUENCY("fluency_drop", "fluency drop (relative fall of generation entropy)", false);

        final String checkName;
        final String label;
        final boolean minimum;

        KnownGate(String checkName, String label, boolean minimum) {
            this.checkName = checkName;
            this.label = label;
            this.minimum = minimum;
        }

        double requested(Gates gates) {
            return switch (this) {
                case EFFICACY -> gates.minEfficacySuccess();
                case PARAPHRASE -> gates.minParaphraseSuccess();
                // The worker holds the regression set to the neighbourhood gate too.
                case NEIGHBORHOOD, REGRESSION -> gates.minNeighborhoodSuccess();
                case FLUENCY -> gates.maxFluencyDrop();
            };
        }

        /** The figure the worker's check is made of, as a fraction, from the rest of its report; null if absent. */
        Double figure(JsonNode report) {
            JsonNode metrics = report.path("edits").path("metrics");
            JsonNode regression = report.path("regression");
            return switch (this) {
                case EFFICACY -> percentAsFraction(metrics.path("ES"));
                case PARAPHRASE -> percentAsFraction(metrics.path("PS"));
                case NEIGHBORHOOD -> percentAsFraction(metrics.path("NS"));
                case REGRESSION -> number(regression.path("kept_fraction"));
                case FLUENCY -> number(regression.path("fluency_drop"));
            };
        }

        static KnownGate named(String checkName) {
            for (KnownGate gate : values()) {
                if (gate.checkName.equals(checkName)) {
                    return gate;
                }
            }
            return null;
        }
    }

    private GateChecks() {
    }

    /**
     * @param gates  the gates the batch was requested with (null if its request is not in the period's log)
     * @param report the worker's report, or null when the batch has none (still pending, or failed before it)
     */
    static List<ComplianceReport.GateCheck> of(Gates gates, JsonNode report) {
        if (report == null || !report.isObject()) {
            return gates == null ? List.of() : notReported(gates);
        }
        List<ComplianceReport.GateCheck> checks = new ArrayList<>();
        Set<KnownGate> written = new LinkedHashSet<>();
        for (JsonNode check : report.path("gates").path("checks")) {
            if (!check.isObject() || !check.path("name").isTextual()) {
                continue;
            }
            KnownGate known = KnownGate.named(check.path("name").asText());
            if (known != null) {
                written.add(known);
            }
            checks.add(fromWorker(check, known));
        }
        if (gates != null) {
            for (KnownGate gate : KnownGate.values()) {
                if (!written.contains(gate)) {
                    checks.add(recomputed(gate, gates, gate.figure(report)));
                }
            }
        }
        return checks;
    }

    private static ComplianceReport.GateCheck fromWorker(JsonNode check, KnownGate known) {
        String name = check.path("name").asText();
        boolean minimum = check.has("min");
        Double threshold = number(minimum ? check.path("min") : check.path("max"));
        String bound = minimum ? "at least" : check.has("max") ? "at most" : null;
        Double value = number(check.path("value"));
        boolean measured = check.path("measured").asBoolean(value != null) && value != null;
        Boolean passed = !measured || !check.path("passed").isBoolean() ? null : check.path("passed").asBoolean();
        String status = !measured ? NOT_MEASURED : passed == null ? NOT_REPORTED : passed ? PASSED : NOT_MET;
        return new ComplianceReport.GateCheck(name, known == null ? name : known.label, bound, threshold, value,
                passed, status, FROM_WORKER);
    }

    private static ComplianceReport.GateCheck recomputed(KnownGate gate, Gates gates, Double value) {
        double threshold = gate.requested(gates);
        Boolean passed = value == null ? null : gate.minimum ? value >= threshold : value <= threshold;
        String status = passed == null ? NOT_REPORTED : passed ? PASSED : NOT_MET;
        return new ComplianceReport.GateCheck(gate.checkName, gate.label, gate.minimum ? "at least" : "at most",
                threshold, value, passed, status, value == null ? null : RECOMPUTED);
    }

    private static List<ComplianceReport.GateCheck> notReported(Gates gates) {
        List<ComplianceReport.GateCheck> checks = new ArrayList<>();
        for (KnownGate gate : KnownGate.values()) {
            checks.add(recomputed(gate, gates, null));
        }
        return checks;
    }

    private static Double percentAsFraction(JsonNode node) {
        Double percent = number(node);
        return percent == null ? null : percent / 100;
    }

    private static Double number(JsonNode node) {
        return node != null && node.isNumber() ? node.asDouble() : null;
    }
}
