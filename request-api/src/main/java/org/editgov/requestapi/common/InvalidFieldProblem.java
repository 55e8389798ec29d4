package org.editgov.requestapi.common;

/** A request field breaks a rule that bean validation cannot express (400). */
public class InvalidFieldProblem extends ApiProblem {

    public InvalidFieldProblem(String field, String detail) {
        super(400, "invalid-field", field + ": " + detail, field);
    }
}
