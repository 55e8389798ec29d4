package org.editgov.requestapi.common;

/** The caller has the role but may not do this to this particular thing (403). */
public class ForbiddenProblem extends ApiProblem {

    public ForbiddenProblem(String slug, String detail) {
        super(403, slug, detail, null);
    }
}
