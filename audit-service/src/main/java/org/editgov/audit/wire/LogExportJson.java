package org.editgov.audit.wire;

/** Names of the fields of the export document ({@code GET /api/log/export}), which is streamed, not bound. */
public final class LogExportJson {

    public static final String FORMAT = "editgov-log-export-v1";
    public static final String FIELD_FORMAT = "format";
    public static final String FIELD_KEY_ID = "keyId";
    public static final String FIELD_PUBLIC_KEY = "publicKey";
    public static final String FIELD_HEADS = "treeHeads";
    public static final String FIELD_CONSISTENCY = "consistencyProofs";
    public static final String FIELD_ENTRIES = "entries";

    private LogExportJson() {
    }
}
