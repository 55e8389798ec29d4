package org.editgov.audit.log;

import com.fasterxml.jackson.databind.JsonNode;
import org.editgov.contracts.EventEnvelope;

/** A valid event to append: the JSON exactly as published and the event it binds to. */
public record IncomingEvent(JsonNode json, EventEnvelope<?> event) {
}
