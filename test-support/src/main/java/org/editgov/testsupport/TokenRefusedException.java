package org.editgov.testsupport;

/** Keycloak answered a token request with an error, e.g. {@code invalid_grant} for a wrong password. */
public class TokenRefusedException extends RuntimeException {

    private final int status;
    private final String error;

    public TokenRefusedException(int status, String error, String description) {
        super("Keycloak refused the token request: HTTP " + status + " " + error
                + (description.isEmpty() ? "" : " (" + description + ")"));
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    /** The OAuth 2.0 error code, e.g. {@code invalid_grant} or {@code unauthorized_client}. */
    public String error() {
        return error;
    }
}
