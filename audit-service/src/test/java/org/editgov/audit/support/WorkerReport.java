package org.editgov.audit.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.editgov.contracts.EventCodec;
import org.editgov.contracts.Gates;

import java.util.List;

/**
 * A batch report in the editor worker's shape (BatchExecutor.report: {@code gates} from GateVerdict.toJson,
 * {@code edits} from the engine's EditReport.toJson with metrics in percent, {@code regression} from
 * RegressionCheck.Comparison.toJson), with the worker's own gate rules applied to the figures given.
 * {@code WorkerReportShapeTest} holds its field names to a report the worker really wrote.
 */
public final class WorkerReport {

    private static final ObjectMapper MAPPER = EventCodec.newObjectMapper();

    /**
     * @param es         efficacy success of the batch's edits, percent (as the engine reports it)
     * @param ps         paraphrase success, percent
     * @param ns         neighbourhood success, percent
     * @param facts      regression facts checked
     * @param kept       regression facts whose answer did not change
     * @param geBefore   regression-set fluency before
     * @param geAfter    regression-set fluency after
     */
    public record Figures(double es, double ps, double ns, int facts, int kept, double geBefore, double geAfter) {
    }

    private WorkerReport() {
    }

    public static JsonNode of(String batchId, String modelId, int baseVersion, Gates gates, Figures f,
                              List<String> editIds) {
        double keptFraction = (double) f.kept() / f.facts();
        double fluencyDrop = Math.max(0, (f.geBefore() - f.geAfter()) / f.geBefore());

        ObjectNode report = MAPPER.createObjectNode();
        report.put("batch_id", batchId);
        report.put("model_id", modelId);
        report.put("base_version", baseVersion);
        report.put("base_artifact_sha256", "0".repeat(64));
        ObjectNode gatesNode = MAPPER.createObjectNode();
        ArrayNode checks = gatesNode.putArray("checks");
        boolean passed = check(checks, "efficacy_success", f.es() / 100, gates.minEfficacySuccess(), true)
                & check(checks, "paraphrase_success", f.ps() / 100, gates.minParaphraseSuccess(), true)
                & check(checks, "neighborhood_success", f.ns() / 100, gates.minNeighborhoodSuccess(), true)
                & check(checks, "regression_facts_kept", keptFraction, gates.minNeighborhoodSuccess(), true)
                & check(checks, "fluency_drop", fluencyDrop, gates.maxFluencyDrop(), false);
        report.put("passed", passed);
        gatesNode.put("passed", passed);
        report.set("gates", reorder(gatesNode, "passed", "checks"));
        report.set("edits", edits(f, editIds));
        ObjectNode regression = report.putObject("regression");
        regression.put("facts", f.facts());
        regression.put("kept", f.kept());
        regression.put("kept_fraction", round(keptFraction));
        regression.put("mean_nll_before", 2.5);
        regression.put("mean_nll_after", 2.75);
        regression.put("GE_before", f.geBefore());
        regression.put("GE_after", f.geAfter());
        regression.put("fluency_drop", round(fluencyDrop));
        ArrayNode ids = report.putArray("edit_ids");
        editIds.forEach(ids::add);
        report.put("worker_seconds", 12.5);
        return report;
    }

    private static boolean check(ArrayNode checks, String name, double value, double threshold, boolean minimum) {
        boolean passed = minimum ? value >= threshold : value <= threshold;
        ObjectNode c = checks.addObject();
        c.put("name", name);
        c.put("value", round(value));
        c.put(minimum ? "min" : "max", threshold);
        c.put("measured", true);
        c.put("passed", passed);
        return passed;
    }

    private static ObjectNode edits(Figures f, List<String> editIds) {
        ObjectNode edits = MAPPER.createObjectNode();
        edits.put("method", "memit");
        edits.put("edits", editIds.size());
        edits.putArray("layers").add(3).add(4);
        edits.put("position", "last");
        edits.put("seed", 0);
        edits.put("delta_sha256", "0".repeat(64));
        edits.putObject("settings").put("lambda", 1.0);
        edits.putObject("seconds").put("stats", 1.0).put("z", 2.0).put("update", 0.5).put("eval", 1.0)
                .put("total", 4.5);
        ObjectNode metrics = aggregates(edits.putObject("metrics"), f.es(), f.ps(), f.ns());
        metrics.put("GE_before", f.geBefore());
        metrics.put("GE_after", f.geAfter());
        aggregates(edits.putObject("unedited"), 2.0, 5.0, 96.0);
        ArrayNode rows = edits.putArray("rows");
        for (String id : editIds) {
            ObjectNode row = rows.addObject();
            row.put("id", id);
            row.put("ES", f.es());
            row.put("EM", 40.0);
            row.put("PS", f.ps());
            row.put("PM", 10.0);
            row.put("NS", f.ns());
            row.put("NM", 5.0);
            row.put("reliability", f.es());
            row.put("generalisation", f.ps());
            row.put("locality", f.ns());
            row.put("new_object_nll", 0.7);
        }
        return edits;
    }

    private static ObjectNode aggregates(ObjectNode node, double es, double ps, double ns) {
        node.put("ES", es);
        node.put("EM", 40.0);
        node.put("PS", ps);
        node.put("PM", 10.0);
        node.put("NS", ns);
        node.put("NM", 5.0);
        node.put("S", round(3 / (1 / es + 1 / ps + 1 / ns)));
        node.putObject("easyedit").put("reliability", es).put("generalisation", ps).put("locality", ns);
        node.put("new_object_nll", 0.7);
        return node;
    }

    private static ObjectNode reorder(ObjectNode node, String... names) {
        ObjectNode ordered = MAPPER.createObjectNode();
        for (String name : names) {
            ordered.set(name, node.get(name));
        }
        return ordered;
    }

    private static double round(double value) {
        return Math.round(value * 1e4) / 1e4;
    }
}
