package org.editgov.worker.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.Response;

/** An RFC 9457 problem document with a one-line {@code detail}, as request-api and audit-service answer. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(int status, String slug, String detail) {
        Response.Status known = Response.Status.fromStatusCode(status);
        String title = known == null ? "HTTP " + status : known.getReasonPhrase();
        return Response.status(status).type(MEDIA_TYPE)
                .entity(new Problem("https://editgov.org/problems/" + slug, title, status, detail)).build();
    }
}
