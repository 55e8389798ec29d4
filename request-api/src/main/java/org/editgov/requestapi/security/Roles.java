package org.editgov.requestapi.security;

/** The realm roles of the {@code edits} realm, as they appear in a token's {@code realm_access.roles}. */
public final class Roles {

    public static final String PROPOSER = "proposer";
    public static final String REVIEWER = "reviewer";
    public static final String OPERATOR = "operator";
    public static final String AUDITOR = "auditor";

    private Roles() {
    }
}
