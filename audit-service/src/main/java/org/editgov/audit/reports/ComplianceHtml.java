package org.editgov.audit.reports;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A {@link ComplianceReport} as one self-contained HTML page for people who are not engineers: plain
 * sentences first, then tables, with hashes kept to the last section; it prints on A4 without the page's
 * colours getting in the way.
 */
public final class ComplianceHtml {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private static final String STYLE = """
            body{font-family:Georgia,'Times New Roman',serif;max-width:60rem;margin:2rem auto;padding:0 1rem;\
            color:#111;line-height:1.45}
            h1{font-size:1.6rem;margin-bottom:.2rem}h2{font-size:1.25rem;border-bottom:1px solid #999;margin-top:2rem}
            h3{font-size:1.05rem;margin-bottom:.3rem}.muted{color:#555}
            table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem;font-size:.92rem}
            th,td{border:1px solid #bbb;padding:.3rem .45rem;text-align:left;vertical-align:top}
            th{background:#eee}.pass{color:#065f2c;font-weight:bold}.fail{color:#9b1c1c;font-weight:bold}
            code{font-family:Menlo,Consolas,monospace;font-size:.8rem;word-break:break-all}
            .box{border:1px solid #999;padding:.6rem .9rem;margin:1rem 0}
            @media print{body{margin:0;max-width:none;font-size:10.5pt}h2{page-break-after:avoid}
            table,.box{page-break-inside:avoid}th{background:none}}
            """;

    private static final String NOT_REPORTED = "not reported";

    /** The engine's aggregates (EditReport: percent, CounterFact names) in the worker's report, with plain names. */
    private static final Map<String, String> EDIT_METRICS = orderedLabels(
            "ES", "efficacy success: rewrite prompts give the new answer (ES)",
            "PS", "paraphrase success: reworded prompts give the new answer (PS)",
            "NS", "neighbourhood success: related subjects keep their answer (NS)",
            "S", "overall score (harmonic mean of ES, PS, NS)",
            "EM", "efficacy magnitude (EM)",
            "PM", "paraphrase magnitude (PM)",
            "NM", "neighbourhood magnitude (NM)",
            "new_object_nll", "new answer's negative log-likelihood (not percent)");

    /** The worker's regression comparison (RegressionCheck.Comparison). */
    private static final Map<String, String> REGRESSION_FIGURES = orderedLabels(
            "facts", "facts checked",
            "kept", "facts whose answer did not change",
            "kept_fraction", "share kept",
            "mean_nll_before", "mean negative log-likelihood before",
            "mean_nll_after", "mean negative log-likelihood after",
            "GE_before", "fluency (generation entropy) before",
            "GE_after", "fluency (generation entropy) after",
            "fluency_drop", "fluency drop (relative)");

    private final StringBuilder html = new StringBuilder(16_384);

    private ComplianceHtml() {
    }

    public static String render(ComplianceReport report) {
        return new ComplianceHtml().page(report);
    }

    private String page(ComplianceReport r) {
        html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Compliance report: ")
                .append(esc(r.modelId())).append("</title><style>").append(STYLE).append("</style></head><body>");
        html.append("<h1>Compliance report for model ").append(esc(r.modelId())).append("</h1>");
        html.append("<p class=\"muted\">Period ").append(when(r.from())).append(" to ").append(when(r.to()))
                .append(" (end excluded). Produced ").append(when(r.generatedAt()))
                .append(" from the signed audit log.</p>");
        summary(r);
        appliedEdits(r.appliedEdits());
        batches(r.batches());
        versions(r.versions());
        rollbacks(r.rollbacks());
        coverage(r.coverage());
        html.append("</body></html>");
        return html.toString();
    }

    private void summary(ComplianceReport r) {
        ComplianceReport.Summary s = r.summary();
        html.append("<div class=\"box\"><p><strong>In this period:</strong> ")
                .append(count(s.editsApplied(), "fact correction was", "fact corrections were"))
                .append(" written into the model's weights by ")
                .append(count(s.batchesCompleted(), "batch", "batches")).append("; ")
                .append(count(s.batchesFailed(), "batch was", "batches were"))
                .append(" stopped by the quality gates or an error; ")
                .append(count(s.versionsCommitted(), "new model version was", "new model versions were"))
                .append(" created; ").append(count(s.rollbacks(), "rollback was", "rollbacks were"))
                .append(" requested.</p><p>Every correction was proposed by one person and approved by another"
                        + " before it was applied; the tables below name them.</p></div>");
    }

    private void appliedEdits(List<ComplianceReport.AppliedEdit> edits) {
        html.append("<h2>Corrections applied</h2>");
        if (edits.isEmpty()) {
            html.append("<p>No correction was applied in this period.</p>");
            return;
        }
        html.append("<table><tr><th>What changed</th><th>Why</th><th>Proposed by</th><th>Approved by</th>"
                + "<th>Batch and version</th></tr>");
        for (ComplianceReport.AppliedEdit e : edits) {
            String prompt = e.prompt() == null ? "" : e.prompt().replace("{}", e.subject() == null ? "" : e.subject());
            html.append("<tr><td>&ldquo;").append(esc(prompt)).append("&rdquo; now completes with <strong>")
                    .append(esc(e.targetNew())).append("</strong>");
            if (e.targetTrue() != null) {
                html.append(" (previously ").append(esc(e.targetTrue())).append(')');
            }
            html.append("<br><span class=\"muted\">edit ").append(esc(e.editId())).append("</span></td><td>")
                    .append(esc(e.rationale()));
            for (String link : e.evidenceLinks()) {
                html.append("<br><span class=\"muted\">evidence: ").append(esc(link)).append("</span>");
            }
            html.append("</td><td>").append(esc(e.proposedBy())).append(whenOrBlank(e.proposedAt()))
                    .append("</td><td>").append(esc(e.approvedBy())).append(whenOrBlank(e.approvedAt()));
            if (e.reviewComment() != null) {
                html.append("<br><em>").append(esc(e.reviewComment())).append("</em>");
            }
            html.append("</td><td>batch ").append(esc(e.batchId())).append("<br>version ").append(e.version())
                    .append("<br><span class=\"muted\">log entries ").append(indices(e.logIndices()))
                    .append("</span></td></tr>");
        }
        html.append("</table>");
    }

    private void batches(List<ComplianceReport.Batch> batches) {
        html.append("<h2>Batches and their quality checks</h2>");
        if (batches.isEmpty()) {
            html.append("<p>No batch ran in this period.</p>");
            return;
        }
        for (ComplianceReport.Batch b : batches) {
            html.append("<h3>Batch ").append(esc(b.batchId())).append(": ").append(outcome(b)).append("</h3><p>");
            if (b.requestedAt() != null) {
                html.append("Requested ").append(when(b.requestedAt())).append(" with ")
                        .append(count(b.editIds().size(), "correction", "corrections")).append(" on version ")
                        .append(b.baseVersion()).append(" (method ").append(esc(b.method())).append("). ");
            }
            if (b.finishedAt() != null) {
                html.append("Finished ").append(when(b.finishedAt())).append(". ");
            }
            if (b.failureReason() != null) {
                html.append("Reason: ").append(esc(b.failureReason())).append(". ");
            }
            html.append("<span class=\"muted\">Log entries ").append(indices(b.logIndices())).append(".</span></p>");
            gates(b.gateChecks());
            evaluation(b.evaluation());
        }
    }

    private void gates(List<ComplianceReport.GateCheck> checks) {
        if (checks.isEmpty()) {
            return;
        }
        html.append("<table><tr><th>Quality gate</th><th>Required</th><th>Measured after the edit</th>"
                + "<th>Result</th></tr>");
        for (ComplianceReport.GateCheck g : checks) {
            html.append("<tr><td>").append(esc(g.metric())).append("</td><td>");
            if (g.threshold() != null) {
                html.append(g.bound() == null ? "" : esc(g.bound()) + " ").append(percent(g.threshold()));
            } else {
                html.append(NOT_REPORTED);
            }
            html.append("</td><td>").append(g.value() == null ? esc(g.status()) : percent(g.value())).append("</td><td>")
                    .append(result(g));
            if (GateChecks.RECOMPUTED.equals(g.source())) {
                html.append("<br><span class=\"muted\">judged here from the worker's figures</span>");
            }
            html.append("</td></tr>");
        }
        html.append("</table>");
    }

    private static String result(ComplianceReport.GateCheck g) {
        if (g.passed() == null) {
            return esc(g.status());
        }
        return g.passed() ? "<span class=\"pass\">passed</span>" : "<span class=\"fail\">not met</span>";
    }

    /** The worker's report: the batch's own edits before and after (percent), then its regression set. */
    private void evaluation(JsonNode report) {
        if (report == null || !report.isObject()) {
            return;
        }
        JsonNode edits = report.path("edits");
        JsonNode before = edits.path("unedited");
        JsonNode after = edits.path("metrics");
        if (after.isObject()) {
            html.append("<table><tr><th>The batch's own corrections (percent)</th><th>Before</th><th>After</th></tr>");
            for (Map.Entry<String, String> metric : EDIT_METRICS.entrySet()) {
                if (after.has(metric.getKey()) || before.has(metric.getKey())) {
                    html.append("<tr><td>").append(metric.getValue()).append("</td><td>")
                            .append(value(before.path(metric.getKey()))).append("</td><td>")
                            .append(value(after.path(metric.getKey()))).append("</td></tr>");
                }
            }
            if (after.has("GE_before") || after.has("GE_after")) {
                html.append("<tr><td>fluency (generation entropy)</td><td>").append(value(after.path("GE_before")))
                        .append("</td><td>").append(value(after.path("GE_after"))).append("</td></tr>");
            }
            html.append("</table>");
        }
        JsonNode regression = report.path("regression");
        if (regression.isObject()) {
            html.append("<table><tr><th>Regression set (facts the corrections must not change)</th><th>Figure</th></tr>");
            for (Map.Entry<String, String> figure : REGRESSION_FIGURES.entrySet()) {
                if (regression.has(figure.getKey())) {
                    html.append("<tr><td>").append(figure.getValue()).append("</td><td>")
                            .append(value(regression.path(figure.getKey()))).append("</td></tr>");
                }
            }
            html.append("</table>");
        }
        StringBuilder other = new StringBuilder();
        for (Iterator<Map.Entry<String, JsonNode>> fields = report.fields(); fields.hasNext(); ) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getValue().isValueNode()) {
                other.append(esc(f.getKey())).append(": ").append(value(f.getValue())).append("; ");
            }
        }
        if (other.length() > 0) {
            html.append("<p class=\"muted\">").append(other, 0, other.length() - 2).append("</p>");
        }
    }

    private void versions(List<ComplianceReport.Version> versions) {
        html.append("<h2>Model versions created</h2>");
        if (versions.isEmpty()) {
            html.append("<p>No version was created in this period.</p>");
            return;
        }
        html.append("<table><tr><th>Version</th><th>Created</th><th>From</th><th>Weights change (SHA-256, size)</th>"
                + "<th>Log entry</th></tr>");
        for (ComplianceReport.Version v : versions) {
            html.append("<tr><td>").append(v.version()).append("</td><td>").append(when(v.committedAt()))
                    .append("</td><td>");
            if (v.rollbackTargetVersion() != null) {
                html.append("rollback to the weights of version ").append(v.rollbackTargetVersion());
            } else {
                html.append("version ").append(v.parentVersion()).append(" + batch ").append(esc(v.batchId()));
            }
            html.append("</td><td>");
            if (v.deltaSha256() != null) {
                html.append("<code>").append(esc(v.deltaSha256())).append("</code>, ").append(v.deltaSizeBytes())
                        .append(" bytes");
            } else {
                html.append("&mdash;");
            }
            html.append("</td><td>").append(v.logIndex()).append("</td></tr>");
        }
        html.append("</table>");
    }

    private void rollbacks(List<ComplianceReport.Rollback> rollbacks) {
        html.append("<h2>Rollbacks</h2>");
        if (rollbacks.isEmpty()) {
            html.append("<p>No rollback was requested in this period.</p>");
            return;
        }
        html.append("<table><tr><th>Requested</th><th>By</th><th>From version</th><th>Back to</th><th>Reason</th>"
                + "<th>Resulting version</th></tr>");
        for (ComplianceReport.Rollback r : rollbacks) {
            html.append("<tr><td>").append(when(r.requestedAt())).append("</td><td>").append(esc(r.requestedBy()))
                    .append("</td><td>").append(r.fromVersion()).append("</td><td>").append(r.targetVersion())
                    .append("</td><td>").append(esc(r.reason())).append("</td><td>")
                    .append(r.resultingVersion() == null ? "not yet committed" : r.resultingVersion().toString())
                    .append("</td></tr>");
        }
        html.append("</table>");
    }

    private void coverage(ComplianceReport.Coverage c) {
        html.append("<h2>How this report can be checked</h2><p>Every statement above comes from an entry of the"
                + " audit log, an append-only record that the audit service signs. The log was in the state below"
                + " when this report was produced; anyone holding the log's public key can confirm that these ")
                .append(c.entriesCited()).append(" entries are in it and unchanged.</p><table>")
                .append("<tr><th>Entries in the log</th><td>").append(c.treeHead().treeSize()).append("</td></tr>")
                .append("<tr><th>Signed at</th><td>").append(esc(c.treeHead().timestamp())).append("</td></tr>")
                .append("<tr><th>Root hash</th><td><code>").append(esc(c.treeHead().rootHash())).append("</code></td></tr>")
                .append("<tr><th>Signature (Ed25519)</th><td><code>").append(esc(c.treeHead().signature()))
                .append("</code></td></tr><tr><th>Key id</th><td><code>").append(esc(c.publicKeyId()))
                .append("</code></td></tr></table><p class=\"muted\">").append(esc(c.howToVerify())).append("</p>");
    }

    private static String outcome(ComplianceReport.Batch b) {
        return switch (b.outcome()) {
            case "COMPLETED" -> "applied, became version " + b.newVersion();
            case "FAILED" -> "not applied" + ("GATES_NOT_MET".equals(b.failureKind()) ? " (quality gates not met)" : " (error)");
            default -> "not finished yet";
        };
    }

    private static String count(int n, String one, String many) {
        return (n == 0 ? "no" : String.valueOf(n)) + " " + (n == 1 ? one : many);
    }

    private static String indices(List<Long> indices) {
        return String.join(", ", indices.stream().map(String::valueOf).toList());
    }

    private static String when(Instant instant) {
        return instant == null ? "" : WHEN.format(instant);
    }

    private static String whenOrBlank(Instant instant) {
        return instant == null ? "" : "<br><span class=\"muted\">" + when(instant) + "</span>";
    }

    private static Map<String, String> orderedLabels(String... keysAndLabels) {
        Map<String, String> labels = new LinkedHashMap<>();
        for (int i = 0; i < keysAndLabels.length; i += 2) {
            labels.put(keysAndLabels[i], keysAndLabels[i + 1]);
        }
        return Collections.unmodifiableMap(labels);
    }

    /** The worker's gates are all fractions; a reader sees them as percentages. */
    private static String percent(double fraction) {
        return String.format(Locale.ENGLISH, "%.1f%%", 100 * fraction);
    }

    private static String number(double value) {
        return String.format(Locale.ENGLISH, "%.3f", value);
    }

    private static String value(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return "&mdash;";
        }
        if (node.isIntegralNumber()) {
            return node.asText();
        }
        return node.isNumber() ? number(node.asDouble()) : esc(node.asText());
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (char ch : text.toCharArray()) {
            switch (ch) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }
}
