package org.editgov.audit.api;

import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.editgov.audit.log.LogIntegrityException;
import org.editgov.audit.log.LogStorageException;
import org.editgov.audit.merkle.InvalidTreeRequestException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** The one place where failures become HTTP responses: problem+json with a one-line detail, never a trace. */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem e) {
        return respond(Problem.of(e.status(), e.slug(), reason(e.status()), e.getMessage()));
    }

    @ServerExceptionMapper
    public Response invalidTreeRequest(InvalidTreeRequestException e) {
        return respond(Problem.of(400, "invalid-tree-request", "Bad Request", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response integrity(LogIntegrityException e) {
        LOG.error(e.getMessage());
        return respond(Problem.of(500, "log-integrity", "Log integrity failure", e.getMessage()));
    }

    @ServerExceptionMapper
    public Response storage(LogStorageException e) {
        LOG.error(e.getMessage());
        return respond(Problem.of(503, "storage-unavailable", "Service Unavailable",
                "the log's database cannot be read right now; retry later"));
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
        return respond(Problem.of(403, "forbidden", "Forbidden",
                "reading the audit log needs the role auditor or operator"));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status >= 500) {
            LOG.error("request failed", e);
            return respond(Problem.of(500, "internal", "Internal Server Error", "the request could not be completed"));
        }
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "cannot produce the requested media type";
            default -> reason(status);
        };
        return respond(Problem.of(status, "http-" + status, reason(status), detail));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        LOG.error("unexpected failure", e);
        return respond(Problem.of(500, "internal", "Internal Server Error", "the request could not be completed"));
    }

    private static Response unauthorized() {
        return Response.status(401).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"edits\"")
                .type(Problem.MEDIA_TYPE)
                .entity(Problem.of(401, "unauthorized", "Unauthorized", "a valid bearer token is required"))
                .build();
    }

    private static String reason(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
