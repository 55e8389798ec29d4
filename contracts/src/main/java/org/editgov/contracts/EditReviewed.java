package org.editgov.contracts;

import java.util.Objects;

/**
 * {@code edit.reviewed}: a reviewer (never the proposer) approved or rejected an edit.
 *
 * @param comment  the reviewer's words; may be null
 * @param reviewer username of the reviewer
 */
public record EditReviewed(String editId, String modelId, Decision decision, String comment, String reviewer)
        implements EventPayload {

    public enum Decision { APPROVED, REJECTED }

    public EditReviewed {
        Objects.requireNonNull(editId, "editId");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(decision, "decision");
        Objects.requireNonNull(reviewer, "reviewer");
    }
}
