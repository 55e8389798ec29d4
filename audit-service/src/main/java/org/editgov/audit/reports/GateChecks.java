package org.editgov.audit.reports;

import com.fasterxml.jackson.databind.JsonNode;
import org.editgov.contracts.Gates;

import java.util.ArrayList;
import java.util.List;

/**
 * A batch's gates set against its evaluation: the "after" figures of the report for the three success
 * rates, and before minus after for the fluency drop. A figure the report does not have stays unjudged.
 */
final class GateChecks {

    private GateChecks() {
    }

    static List<ComplianceReport.GateCheck> of(Gates gates, JsonNode report) {
        if (gates == null) {
            return List.of();
        }
        JsonNode after = report == null ? null : report.path("after");
        JsonNode before = report == null ? null : report.path("before");
        List<ComplianceReport.GateCheck> checks = new ArrayList<>();
        checks.add(atLeast("minEfficacySuccess", "efficacySuccess", gates.minEfficacySuccess(), figure(after, "efficacySuccess")));
        checks.add(atLeast("minParaphraseSuccess", "paraphraseSuccess", gates.minParaphraseSuccess(),
                figure(after, "paraphraseSuccess")));
        checks.add(atLeast("minNeighborhoodSuccess", "neighborhoodSuccess", gates.minNeighborhoodSuccess(),
                figure(after, "neighborhoodSuccess")));
        Double fluencyBefore = figure(before, "fluency");
        Double fluencyAfter = figure(after, "fluency");
        Double drop = fluencyBefore == null || fluencyAfter == null ? null : fluencyBefore - fluencyAfter;
        checks.add(new ComplianceReport.GateCheck("maxFluencyDrop", "fluency drop", gates.maxFluencyDrop(), drop,
                drop == null ? null : drop <= gates.maxFluencyDrop()));
        return checks;
    }

    private static ComplianceReport.GateCheck atLeast(String gate, String metric, double threshold, Double value) {
        return new ComplianceReport.GateCheck(gate, metric, threshold, value, value == null ? null : value >= threshold);
    }

    private static Double figure(JsonNode node, String name) {
        return node == null || !node.path(name).isNumber() ? null : node.path(name).asDouble();
    }
}
