package org.editgov.contracts;

import java.util.List;
import java.util.Objects;

/**
 * {@code edit.proposed}: someone proposed a fact correction (state PROPOSED).
 *
 * @param editId        id of the edit request (assigned by request-api)
 * @param modelId       model to correct
 * @param subject       the entity whose fact changes, e.g. "Danielle Darrieux"
 * @param prompt        the relation with {@code {}} where the subject goes, e.g. "{} is a native speaker of"
 * @param targetNew     the corrected object, e.g. "English"
 * @param targetTrue    what the model says now, when the proposer knows it; may be null
 * @param rationale     why the fact is wrong, free text (required)
 * @param evidenceLinks URLs supporting the correction; may be empty
 * @param proposer      username of the proposer
 */
public record EditProposed(
        String editId, String modelId, String subject, String prompt, String targetNew, String targetTrue,
        String rationale, List<String> evidenceLinks, String proposer) implements EventPayload {

    public EditProposed {
        Objects.requireNonNull(editId, "editId");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(targetNew, "targetNew");
        Objects.requireNonNull(rationale, "rationale");
        Objects.requireNonNull(proposer, "proposer");
        evidenceLinks = evidenceLinks == null ? List.of() : List.copyOf(evidenceLinks);
    }
}
