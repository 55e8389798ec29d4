package org.editgov.requestapi.common;

/** The request is well formed but clashes with the current state (409). */
public class ConflictProblem extends ApiProblem {

    public ConflictProblem(String slug, String detail) {
        super(409, slug, detail, null);
    }
}
