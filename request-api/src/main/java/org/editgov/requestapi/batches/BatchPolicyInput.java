package org.editgov.requestapi.batches;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.editgov.requestapi.common.TextRules;

/**
 * A model's batch policy as an operator sets it; at least one of the three. {@code cron} is Quartz
 * syntax in UTC ({@code 0 0 2 * * ?}: 02:00 daily); {@code maxSize} fires when that many approved edits
 * wait and caps a batch; {@code maxWaitSeconds} fires when the oldest approved edit has waited that long.
 */
public record BatchPolicyInput(
        @Size(max = 120) @Pattern(regexp = TextRules.SINGLE_LINE, message = TextRules.SINGLE_LINE_MESSAGE) String cron,
        @Min(1) @Max(100_000) Integer maxSize,
        @Min(1) @Max(31L * 24 * 3600) Long maxWaitSeconds) {
}
