package org.editgov.audit.api;

/** Realm roles of Keycloak realm {@code edits} that may read the audit log. */
public final class Roles {

    public static final String AUDITOR = "auditor";
    public static final String OPERATOR = "operator";

    private Roles() {
    }
}
