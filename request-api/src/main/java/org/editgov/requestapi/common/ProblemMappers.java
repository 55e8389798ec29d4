package org.editgov.requestapi.common;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The one place where failures become HTTP responses: every error leaves as
 * {@code application/problem+json} with a one-line detail, never a stack trace.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response apiProblem(ApiProblem e) {
        return respond(Problem.of(e.status(), e.slug(), reason(e.status()), e.getMessage(), e.field()));
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException e) {
        if (e.getConstraintViolations().stream().anyMatch(ProblemMappers::isReturnValue)) {
            LOG.error("response failed its own validation", e);
            return respond(Problem.of(500, "internal", "Internal error", "the server produced an invalid response", null));
        }
        List<Problem.FieldError> errors = e.getConstraintViolations().stream()
                .map(v -> new Problem.FieldError(fieldName(v), v.getMessage()))
                .sorted(Comparator.comparing(Problem.FieldError::field))
                .collect(Collectors.toList());
        String detail = errors.stream().map(f -> f.field() + ": " + f.message()).collect(Collectors.joining("; "));
        return respond(Problem.ofFields(detail, errors));
    }

    @ServerExceptionMapper
    public Response unreadableJson(JsonProcessingException e) {
        return respond(jsonProblem(e));
    }

    @ServerExceptionMapper
    public Response mismatchedJson(MismatchedInputException e) {
        return respond(jsonProblem(e));
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
        return respond(Problem.of(403, "forbidden", "Forbidden", "your roles do not allow this request", null));
    }

    @ServerExceptionMapper
    public Response web(WebApplicationException e) {
        int status = e.getResponse().getStatus();
        if (status == 400 && e.getCause() instanceof JsonProcessingException json) {
            // Quarkus REST wraps some low-level read failures (a number too large for its field).
            return respond(jsonProblem(json));
        }
        if (status >= 500) {
            LOG.error("request failed", e);
            return respond(Problem.of(500, "internal", "Internal error", "the request could not be completed", null));
        }
        String detail = switch (status) {
            case 404 -> "no such resource";
            case 405 -> "method not allowed on this resource";
            case 406 -> "cannot produce the requested media type";
            case 415 -> "unsupported media type; send application/json";
            default -> reason(status);
        };
        return respond(Problem.of(status, "http-" + status, reason(status), detail, null));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e) {
        if (DatabaseUnavailable.causedBy(e)) {
            LOG.warnf("database unreachable: %s", e.getMessage());
            // The transaction never committed, so nothing is half-stored: a retry is safe, and
            // a proposal retried with the same Idempotency-Key is stored at most once.
            return Response.status(503).header(HttpHeaders.RETRY_AFTER, "5").type(Problem.MEDIA_TYPE)
                    .entity(Problem.of(503, "database-unavailable", "Service unavailable",
                            "the database cannot be reached; nothing was stored, retry in a few seconds", null))
                    .build();
        }
        LOG.error("unexpected failure", e);
        return respond(Problem.of(500, "internal", "Internal error", "the request could not be completed", null));
    }

    private static Response unauthorized() {
        Response.ResponseBuilder builder = Response.status(401)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"edits\"");
        return builder.type(Problem.MEDIA_TYPE)
                .entity(Problem.of(401, "unauthorized", "Unauthorized", "a valid bearer token is required", null))
                .build();
    }

    private static Problem jsonProblem(JsonProcessingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            String field = path(u);
            return Problem.of(400, "invalid-field", "Invalid request", field + ": unknown field", field);
        }
        if (e instanceof JsonMappingException mapping) {
            String field = path(mapping);
            if (!field.isEmpty()) {
                return Problem.of(400, "invalid-field", "Invalid request", field + ": wrong type, format or range", field);
            }
        }
        String current = currentName(e);
        if (current != null && e instanceof StreamReadException) {
            return Problem.of(400, "invalid-field", "Invalid request", current + ": value out of range or malformed", current);
        }
        return Problem.of(400, "malformed-json", "Malformed JSON", "the request body is not valid JSON of the expected shape", null);
    }

    /** The field the parser was in when a low-level read failed (e.g. a number too large for its type). */
    private static String currentName(JsonProcessingException e) {
        if (e.getProcessor() instanceof JsonParser parser) {
            try {
                return parser.currentName();
            } catch (java.io.IOException | RuntimeException ignored) {
                return null;
            }
        }
        return null;
    }

    /** The JSON path of the offending value, e.g. {@code evidenceLinks[2]}. */
    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static boolean isReturnValue(ConstraintViolation<?> v) {
        for (Path.Node node : v.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return true;
            }
        }
        return false;
    }

    /** The client's name for the field: the property path without the method and parameter names. */
    private static String fieldName(ConstraintViolation<?> v) {
        StringBuilder name = new StringBuilder();
        String parameter = null;
        for (Path.Node node : v.getPropertyPath()) {
            switch (node.getKind()) {
                case METHOD, CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER -> { }
                case PARAMETER -> parameter = node.getName();
                case CONTAINER_ELEMENT -> {
                    if (node.getIndex() != null) {
                        name.append('[').append(node.getIndex()).append(']');
                    }
                }
                default -> {
                    if (node.getName() == null) {
                        continue;
                    }
                    if (name.length() > 0) {
                        name.append('.');
                    }
                    name.append(node.getName());
                    if (node.getIndex() != null) {
                        name.append('[').append(node.getIndex()).append(']');
                    }
                }
            }
        }
        if (name.length() == 0) {
            return parameter == null ? "body" : parameter;
        }
        return name.toString();
    }

    private static String reason(int status) {
        Response.Status known = Response.Status.fromStatusCode(status);
        return known == null ? "HTTP " + status : known.getReasonPhrase();
    }

    private static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
