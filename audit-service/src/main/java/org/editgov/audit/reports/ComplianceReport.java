package org.editgov.audit.reports;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import org.editgov.audit.wire.TreeHeadJson;
import org.editgov.contracts.Gates;

import java.time.Instant;
import java.util.List;

/**
 * What happened to one model in one period [from, to), from the audit log alone: every edit applied with who
 * proposed and approved it and why, every batch with its evaluation and gates, every version and rollback,
 * and the signed tree head that covers every entry cited ({@code logIndex} fields point into the log).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ComplianceReport(String modelId, Instant from, Instant to, Instant generatedAt, Summary summary,
                               List<AppliedEdit> appliedEdits, List<Batch> batches, List<Version> versions,
                               List<Rollback> rollbacks, Coverage coverage) {

    public record Summary(int editsApplied, int batchesCompleted, int batchesFailed, int versionsCommitted,
                          int rollbacks) {
    }

    /** An edit written into the weights by a batch completed in the period. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AppliedEdit(String editId, String subject, String prompt, String targetNew, String targetTrue,
                              String rationale, List<String> evidenceLinks, String proposedBy, Instant proposedAt,
                              String approvedBy, Instant approvedAt, String reviewComment, String batchId,
                              Integer version, String deltaSha256, List<Long> logIndices) {
    }

    /** A batch requested, completed or failed in the period. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Batch(String batchId, String outcome, Instant requestedAt, Instant finishedAt, Integer baseVersion,
                        Integer newVersion, String method, Gates gates, List<String> editIds, JsonNode evaluation,
                        List<GateCheck> gateChecks, String failureKind, String failureReason, String deltaSha256,
                        Long deltaSizeBytes, String artifactSha256, List<Long> logIndices) {
    }

    /**
     * One gate of a batch: the worker's check name ({@code gate}), what it measures, {@code bound} "at least" or
     * "at most" the {@code threshold}, the measured {@code value} (fractions, as the worker's gates), and
     * {@code status} "passed", "not met", "not measured" (the edits give no such figure) or "not reported" (the
     * report lacks it); {@code passed} is null unless judged. {@code source} says who judged: the worker, or this
     * report from the worker's figures when its report had no check for a gate.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record GateCheck(String gate, String metric, String bound, Double threshold, Double value, Boolean passed,
                            String status, String source) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Version(int version, int parentVersion, Instant committedAt, String batchId,
                          Integer rollbackTargetVersion, String artifactSha256, String deltaSha256,
                          Long deltaSizeBytes, long logIndex) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rollback(Instant requestedAt, String requestedBy, int fromVersion, int targetVersion,
                           String reason, Integer resultingVersion, List<Long> logIndices) {
    }

    /** The signed head that covers every entry the report cites, and how to check it. */
    public record Coverage(TreeHeadJson treeHead, String publicKeyId, long entriesCited, String howToVerify) {
    }
}
