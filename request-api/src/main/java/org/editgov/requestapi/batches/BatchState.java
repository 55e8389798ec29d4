package org.editgov.requestapi.batches;

/** A batch is SCHEDULED when cut, then COMPLETED or FAILED as the editor worker reports. */
public enum BatchState {
    SCHEDULED, COMPLETED, FAILED
}
