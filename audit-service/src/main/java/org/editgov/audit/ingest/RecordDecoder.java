package org.editgov.audit.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.editgov.audit.log.IncomingEvent;
import org.editgov.audit.log.RejectedRecord;
import org.editgov.contracts.EventCodec;
import org.editgov.contracts.EventEnvelope;
import org.editgov.contracts.EventFormatException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns consumed records into events to append, or into rejected records saying why not: not JSON, not a
 * valid event of the contracts, or an event on a topic that is not its type's.
 */
final class RecordDecoder {

    private static final int MAX_RAW_CHARS = 10_000;

    private final EventCodec codec;
    private final ObjectMapper mapper = EventCodec.newObjectMapper();

    RecordDecoder(EventCodec codec) {
        this.codec = codec;
    }

    record Decoded(List<IncomingEvent> events, List<RejectedRecord> rejected) {
    }

    Decoded decode(Iterable<ConsumerRecord<String, byte[]>> records) {
        List<IncomingEvent> events = new ArrayList<>();
        List<RejectedRecord> rejected = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.add(decode(record));
            } catch (RejectedException e) {
                rejected.add(new RejectedRecord(record.topic(), record.partition(), record.offset(), e.getMessage(),
                        raw(record.value())));
            }
        }
        return new Decoded(events, rejected);
    }

    private IncomingEvent decode(ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            throw new RejectedException("empty record");
        }
        JsonNode json;
        try {
            json = mapper.readTree(record.value());
        } catch (JsonProcessingException e) {
            throw new RejectedException("not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new RejectedException("unreadable: " + e.getMessage());
        }
        EventEnvelope<?> event;
        try {
            event = codec.read(json);
        } catch (EventFormatException e) {
            throw new RejectedException(e.getMessage());
        }
        if (!event.type().equals(record.topic())) {
            throw new RejectedException("a " + event.type() + " event on topic " + record.topic());
        }
        return new IncomingEvent(json, event);
    }

    private static String raw(byte[] value) {
        if (value == null) {
            return null;
        }
        String text = new String(value, StandardCharsets.UTF_8);
        return text.length() > MAX_RAW_CHARS ? text.substring(0, MAX_RAW_CHARS) : text;
    }

    private static final class RejectedException extends RuntimeException {
        RejectedException(String message) {
            super(message, null, false, false);
        }
    }
}
