package org.editgov.audit.log;

/** A consumed Kafka record that is not a valid event, kept for an operator rather than silently dropped. */
public record RejectedRecord(String topic, int partition, long offset, String reason, String rawValue) {
}
