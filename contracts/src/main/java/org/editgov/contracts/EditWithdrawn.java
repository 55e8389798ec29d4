package org.editgov.contracts;

import java.util.Objects;

/**
 * {@code edit.withdrawn}: the proposer took back an edit before anyone reviewed it (PROPOSED to WITHDRAWN).
 * Only the proposer may withdraw, so the proposer is also the one who acted.
 *
 * @param comment  the proposer's reason; may be null
 * @param proposer username of the proposer, who withdrew the edit
 */
public record EditWithdrawn(String editId, String modelId, String comment, String proposer) implements EventPayload {

    public EditWithdrawn {
        Objects.requireNonNull(editId, "editId");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(proposer, "proposer");
    }
}
