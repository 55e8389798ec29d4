package org.editgov.requestapi.common;

/** The named thing does not exist (404). */
public class NotFoundProblem extends ApiProblem {

    public NotFoundProblem(String what, Object id) {
        super(404, "not-found", what + " '" + id + "' does not exist", null);
    }
}
