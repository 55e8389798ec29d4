package org.editgov.requestapi.edits;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.editgov.requestapi.common.TextRules;

import java.util.List;

/**
 * The body of {@code POST /api/edits}. The prompt holds {@code {}} exactly once, where the subject goes
 * ("{} is a native speaker of"). The idempotency key may come here or in the {@code Idempotency-Key} header.
 */
public record ProposeEdit(
        @NotBlank @Size(max = 200) @Pattern(regexp = TextRules.SINGLE_LINE, message = TextRules.SINGLE_LINE_MESSAGE)
        String modelId,
        @NotBlank @Size(max = 500) @Pattern(regexp = TextRules.SINGLE_LINE, message = TextRules.SINGLE_LINE_MESSAGE)
        String subject,
        @NotBlank @Size(max = 1000)
        @Pattern(regexp = "[^{}\\p{Cntrl}]*\\{}[^{}\\p{Cntrl}]*",
                message = "must contain {} exactly once, where the subject goes, and no other braces or control characters")
        String prompt,
        @NotBlank @Size(max = 500) @Pattern(regexp = TextRules.SINGLE_LINE, message = TextRules.SINGLE_LINE_MESSAGE)
        String targetNew,
        @Size(max = 500) @Pattern(regexp = TextRules.SINGLE_LINE, message = TextRules.SINGLE_LINE_MESSAGE)
        String targetTrue,
        @NotBlank @Size(max = 10_000) @Pattern(regexp = TextRules.MULTI_LINE, message = TextRules.MULTI_LINE_MESSAGE)
        String rationale,
        @Size(max = 20) List<@NotBlank @Size(max = 2000) String> evidenceLinks,
        @Size(min = 1, max = 200) @Pattern(regexp = TextRules.TOKEN, message = TextRules.TOKEN_MESSAGE)
        String idempotencyKey) {
}
