package org.editgov.requestapi.common;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * An RFC 9457 problem document. {@code field} names the request field at fault when there is one;
 * {@code errors} lists every field at fault when validation found several.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, String field, List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "https://editgov.org/problems/";

    public record FieldError(String field, String message) {
    }

    public static Problem of(int status, String slug, String title, String detail, String field) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail, field, List.of());
    }

    public static Problem ofFields(String detail, List<FieldError> errors) {
        String first = errors.isEmpty() ? null : errors.get(0).field();
        return new Problem(TYPE_PREFIX + "invalid-field", "Invalid request", 400, detail, first, errors);
    }
}
