package org.editgov.memit.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What an edit run did and how well: settings, the delta's SHA-256, seconds per phase, the
 * CounterFact and EasyEdit aggregates of the edited model beside the unedited one, fluency
 * before and after, and every per-edit row (the edited model's figures, with the unedited
 * model's under {@code before}). Written as JSON (metrics in percent) and as a table.
 *
 * @param settings method-specific settings worth recording (lambda, z steps, ...)
 * @param seconds stats, z, update, eval, total
 */
public record EditReport(String method, int edits, List<Integer> layers, String position, long seed, String deltaSha256,
        Map<String, Object> settings, Map<String, Double> seconds, CounterFactMetrics.Aggregates unedited,
        CounterFactMetrics.Aggregates edited, double geBefore, double geAfter, List<EditRow> rows,
        List<EditRow> uneditedRows) {

    public EditReport {
        if (!uneditedRows.isEmpty() && uneditedRows.size() != rows.size()) {
            throw new IllegalArgumentException(uneditedRows.size() + " unedited rows for " + rows.size() + " edits");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("method", method);
        root.put("edits", edits);
        ArrayNode layerArray = root.putArray("layers");
        layers.forEach(layerArray::add);
        root.put("position", position);
        root.put("seed", seed);
        root.put("delta_sha256", deltaSha256);
        root.set("settings", JSON.valueToTree(settings));
        ObjectNode secondsNode = root.putObject("seconds");
        seconds.forEach((name, value) -> secondsNode.put(name, round(value)));
        ObjectNode metrics = root.putObject("metrics");
        putAggregates(metrics, edited);
        putNumber(metrics, "GE_before", geBefore);
        putNumber(metrics, "GE_after", geAfter);
        putAggregates(root.putObject("unedited"), unedited);
        ArrayNode rowArray = root.putArray("rows");
        for (int i = 0; i < rows.size(); i++) {
            EditRow row = rows.get(i);
            ObjectNode node = rowArray.addObject();
            node.put("id", row.id());
            putRow(node, row);
            if (!uneditedRows.isEmpty()) {
                putRow(node.putObject("before"), uneditedRows.get(i));
            }
        }
        return root;
    }

    private static void putRow(ObjectNode node, EditRow row) {
        putNumber(node, "ES", 100 * row.efficacy());
        putNumber(node, "EM", 100 * row.efficacyMagnitude());
        putNumber(node, "PS", 100 * row.paraphrase());
        putNumber(node, "PM", 100 * row.paraphraseMagnitude());
        putNumber(node, "NS", 100 * row.neighbourhood());
        putNumber(node, "NM", 100 * row.neighbourhoodMagnitude());
        putNumber(node, "reliability", 100 * row.reliability());
        putNumber(node, "generalisation", 100 * row.generalisation());
        putNumber(node, "locality", 100 * row.locality());
        putNumber(node, "new_object_nll", row.newObjectNll());
    }

    private static void putAggregates(ObjectNode node, CounterFactMetrics.Aggregates a) {
        putNumber(node, "ES", a.es());
        putNumber(node, "EM", a.em());
        putNumber(node, "PS", a.ps());
        putNumber(node, "PM", a.pm());
        putNumber(node, "NS", a.ns());
        putNumber(node, "NM", a.nm());
        putNumber(node, "S", a.score());
        ObjectNode easyEdit = node.putObject("easyedit");
        putNumber(easyEdit, "reliability", a.reliability());
        putNumber(easyEdit, "generalisation", a.generalisation());
        putNumber(easyEdit, "locality", a.locality());
        putNumber(node, "new_object_nll", a.newObjectNll());
    }

    /** NaN (a figure the requests cannot give) is written as null. */
    private static void putNumber(ObjectNode node, String name, double value) {
        if (Double.isNaN(value)) {
            node.putNull(name);
        } else {
            node.put(name, round(value));
        }
    }

    private static double round(double value) {
        return Math.round(value * 1e4) / 1e4;
    }

    public void write(Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, JSON.writeValueAsString(toJson()) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot be written: " + e.getMessage(), e);
        }
    }

    /** The aggregates as a small table, unedited beside edited. */
    public String toTable() {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%s, %d edits, layers %s, position %s, seed %d%n", method, edits, layers,
                position, seed));
        out.append(String.format(Locale.ROOT, "%-16s %10s %10s%n", "metric (%)", "unedited", "edited"));
        line(out, "ES efficacy", unedited.es(), edited.es());
        line(out, "PS paraphrase", unedited.ps(), edited.ps());
        line(out, "NS neighbourhood", unedited.ns(), edited.ns());
        line(out, "S score", unedited.score(), edited.score());
        line(out, "EM", unedited.em(), edited.em());
        line(out, "PM", unedited.pm(), edited.pm());
        line(out, "NM", unedited.nm(), edited.nm());
        line(out, "reliability", unedited.reliability(), edited.reliability());
        line(out, "generalisation", unedited.generalisation(), edited.generalisation());
        line(out, "locality", unedited.locality(), edited.locality());
        line(out, "GE fluency", geBefore, geAfter);
        out.append("seconds:");
        seconds.forEach((name, value) -> out.append(String.format(Locale.ROOT, " %s %.1f", name, value)));
        out.append(System.lineSeparator()).append("delta sha256 ").append(deltaSha256).append(System.lineSeparator());
        return out.toString();
    }

    private static void line(StringBuilder out, String name, double before, double after) {
        out.append(String.format(Locale.ROOT, "%-16s %10.2f %10.2f%n", name, before, after));
    }
}
