package org.editgov.audit.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** An RFC 9457 problem document with a one-line {@code detail}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_PREFIX = "https://editgov.org/problems/";

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_PREFIX + slug, title, status, detail);
    }
}
