package org.editgov.requestapi.common;

/** Patterns for the text fields of request bodies, so hostile characters never reach the database. */
public final class TextRules {

    public static final String SINGLE_LINE = "[^\\p{Cntrl}]*";
    public static final String SINGLE_LINE_MESSAGE = "must be one line without control characters";
    public static final String MULTI_LINE = "[^\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]*";
    public static final String MULTI_LINE_MESSAGE = "must not contain control characters other than line breaks and tabs";
    public static final String TOKEN = "[\\x21-\\x7E]+";
    public static final String TOKEN_MESSAGE = "must be printable ASCII without spaces";
    /** Identifiers chosen by operators (model ids): safe in URLs, logs and file names. */
    public static final String IDENTIFIER = "[a-z0-9][a-z0-9._-]*";
    public static final String IDENTIFIER_MESSAGE = "must be lower-case letters, digits, '.', '_' or '-', starting with a letter or digit";

    private TextRules() {
    }
}
