package org.editgov.requestapi.edits;

/** The result of proposing: the edit, and whether this call created it or replayed an earlier one. */
public record Proposal(EditView edit, boolean created) {
}
