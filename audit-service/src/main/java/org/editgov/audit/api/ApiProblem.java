package org.editgov.audit.api;

/** A failure the client can act on, mapped by {@link ProblemMappers} to problem+json with this status. */
public class ApiProblem extends RuntimeException {

    private final int status;
    private final String slug;

    public ApiProblem(int status, String slug, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
    }

    public static ApiProblem badRequest(String detail) {
        return new ApiProblem(400, "invalid-parameter", detail);
    }

    public static ApiProblem notFound(String detail) {
        return new ApiProblem(404, "not-found", detail);
    }

    public int status() {
        return status;
    }

    public String slug() {
        return slug;
    }
}
