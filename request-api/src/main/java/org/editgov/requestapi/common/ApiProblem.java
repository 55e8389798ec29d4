package org.editgov.requestapi.common;

/**
 * A failure the client can act on. Mapped once, by {@link ProblemMappers}, to an
 * {@code application/problem+json} response with this status; the message is the one-line detail.
 */
public abstract class ApiProblem extends RuntimeException {

    private final int status;
    private final String slug;
    private final String field;

    protected ApiProblem(int status, String slug, String detail, String field) {
        super(detail, null, false, false);
        this.status = status;
        this.slug = slug;
        this.field = field;
    }

    public int status() {
        return status;
    }

    /** Short name of the kind of failure; the last segment of the problem's {@code type} URI. */
    public String slug() {
        return slug;
    }

    /** The request field at fault, when one is. */
    public String field() {
        return field;
    }
}
