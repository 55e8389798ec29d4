package org.editgov.contracts;

/**
 * The body of an event. Every event concerns one model: {@link #modelId()} is the Kafka record key,
 * so that one model's events stay in order on one partition.
 */
public sealed interface EventPayload
        permits EditProposed, EditReviewed, EditWithdrawn, BatchRequested, BatchCompleted, BatchFailed,
        ModelVersionCommitted, ModelRollbackRequested {

    String modelId();
}
