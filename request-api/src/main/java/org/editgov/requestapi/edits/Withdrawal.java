package org.editgov.requestapi.edits;

import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.editgov.requestapi.common.TextRules;

/** Optional body of a withdrawal: why the proposer takes the edit back. */
public record Withdrawal(
        @Size(max = 4000) @Pattern(regexp = TextRules.MULTI_LINE, message = TextRules.MULTI_LINE_MESSAGE)
        String comment) {
}
