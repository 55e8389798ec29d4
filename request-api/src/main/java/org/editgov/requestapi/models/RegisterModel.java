package org.editgov.requestapi.models;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.editgov.requestapi.common.TextRules;

import java.util.Map;

/**
 * The body of {@code POST /api/models}: the model's id, where version 0's artifact lives (optionally its
 * SHA-256), its architecture, the edit method with its settings (e.g. MEMIT layers and lambda), and the
 * evaluation gates every batch must pass.
 */
public record RegisterModel(
        @NotBlank @Size(max = 100) @Pattern(regexp = TextRules.IDENTIFIER, message = TextRules.IDENTIFIER_MESSAGE)
        String id,
        @NotBlank @Size(max = 200) @Pattern(regexp = TextRules.SINGLE_LINE, message = TextRules.SINGLE_LINE_MESSAGE)
        String displayName,
        @NotBlank @Size(max = 2000) @Pattern(regexp = TextRules.SINGLE_LINE, message = TextRules.SINGLE_LINE_MESSAGE)
        String artifactLocation,
        @Pattern(regexp = "[0-9a-f]{64}", message = "must be a lower-case hex SHA-256")
        String artifactSha256,
        @NotBlank @Size(max = 100) @Pattern(regexp = TextRules.IDENTIFIER, message = TextRules.IDENTIFIER_MESSAGE)
        String architecture,
        @NotBlank @Size(max = 50) @Pattern(regexp = "[A-Za-z0-9_-]+", message = "must be letters, digits, '_' or '-'")
        String editMethod,
        @Size(max = 100) Map<String, Object> editSettings,
        @NotNull @Valid GatesInput gates) {
}
