package org.editgov.requestapi.models;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.editgov.requestapi.common.TextRules;

/** The body of {@code POST /api/models/{id}/rollback}: which earlier version to restore, and why. */
public record RollbackRequest(
        @NotNull @Min(0) Integer targetVersion,
        @NotBlank @Size(max = 4000) @Pattern(regexp = TextRules.MULTI_LINE, message = TextRules.MULTI_LINE_MESSAGE)
        String reason) {
}
