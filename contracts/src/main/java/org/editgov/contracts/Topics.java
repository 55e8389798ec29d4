package org.editgov.contracts;

import java.util.List;

/** Kafka topic names. Each topic carries exactly one event type, and its name is that type's name. */
public final class Topics {

    public static final String EDIT_PROPOSED = "edit.proposed";
    public static final String EDIT_REVIEWED = "edit.reviewed";
    public static final String EDIT_WITHDRAWN = "edit.withdrawn";
    public static final String BATCH_REQUESTED = "batch.requested";
    public static final String BATCH_COMPLETED = "batch.completed";
    public static final String BATCH_FAILED = "batch.failed";
    public static final String MODEL_VERSION_COMMITTED = "model.version.committed";
    public static final String MODEL_ROLLBACK_REQUESTED = "model.rollback.requested";

    /** Every topic, in the order of the flow of one correction. */
    public static final List<String> ALL = List.of(
            EDIT_PROPOSED, EDIT_REVIEWED, EDIT_WITHDRAWN, BATCH_REQUESTED, BATCH_COMPLETED, BATCH_FAILED,
            MODEL_VERSION_COMMITTED, MODEL_ROLLBACK_REQUESTED);

    private Topics() {
    }
}
