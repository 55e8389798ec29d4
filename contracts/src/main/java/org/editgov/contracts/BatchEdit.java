package org.editgov.contracts;

import java.util.List;
import java.util.Objects;

/**
 * One approved edit frozen into a batch, with everything the worker needs to apply it and the audit
 * log needs to explain it. Fields as in {@link EditProposed}.
 *
 * @param approver username of the reviewer who approved it
 */
public record BatchEdit(
        String editId, String subject, String prompt, String targetNew, String targetTrue, String rationale,
        List<String> evidenceLinks, String proposer, String approver) {

    public BatchEdit {
        Objects.requireNonNull(editId, "editId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(targetNew, "targetNew");
        Objects.requireNonNull(rationale, "rationale");
        Objects.requireNonNull(proposer, "proposer");
        Objects.requireNonNull(approver, "approver");
        evidenceLinks = evidenceLinks == null ? List.of() : List.copyOf(evidenceLinks);
    }
}
