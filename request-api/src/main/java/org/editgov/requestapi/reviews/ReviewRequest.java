package org.editgov.requestapi.reviews;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.editgov.requestapi.common.TextRules;

/** The body of {@code POST /api/edits/{id}/review}; a rejection must say why. */
public record ReviewRequest(
        @NotNull Decision decision,
        @Size(max = 4000) @Pattern(regexp = TextRules.MULTI_LINE, message = TextRules.MULTI_LINE_MESSAGE)
        String comment) {
}
