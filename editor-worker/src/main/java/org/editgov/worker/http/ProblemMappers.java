package org.editgov.worker.http;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.editgov.worker.models.BadAnswerRequestException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Where the worker's HTTP failures become problem+json with a one-line detail, never a stack trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response badAnswerRequest(BadAnswerRequestException e) {
        return Problem.response(400, "invalid-answer-request", e.getMessage());
    }

    @ServerExceptionMapper
    public Response unauthenticated(UnauthorizedException e) {
        return unauthorized();
    }

    @ServerExceptionMapper
    public Response badCredentials(AuthenticationFailedException e) {
        return unauthorized();
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e) {
        return Problem.response(403, "forbidden", "this token's roles do not allow the request");
    }

    /** Our own 404s name what is missing; the framework's (405, 415, a body that is not JSON) say what went wrong. */
    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return Problem.response(500, "internal", "the request could not be completed");
        }
        String detail = switch (status) {
            case 404 -> e.getMessage() != null && !e.getMessage().startsWith("HTTP 404") ? e.getMessage() : "no such resource";
            case 400 -> "the request body is not valid JSON of the expected shape";
            case 405 -> "method not allowed on this resource";
            case 415 -> "send the body as application/json";
            default -> "HTTP " + status;
        };
        return Problem.response(status, "http-" + status, detail);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("unexpected failure", e);
        return Problem.response(500, "internal", "the request could not be completed");
    }

    private static Response unauthorized() {
        Response problem = Problem.response(401, "unauthorized", "a valid bearer token is required");
        return Response.fromResponse(problem).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build();
    }
}
