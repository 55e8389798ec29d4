package org.editgov.requestapi.edits;

/**
 * Filters of the edit listing; null means "any". {@code text} matches subject, prompt, targets and
 * rationale, case-insensitively, as plain text (no wildcards).
 */
public record EditQuery(String modelId, EditState state, String proposer, String text, int page, int size) {
}
