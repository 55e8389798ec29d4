package org.editgov.requestapi.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.editgov.contracts.SchemaValidator;
import org.editgov.testsupport.Servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads what request-api publishes about the tracked models, from the moment the tap opens: every
 * partition of the given topics, no consumer group. Records of other models (other tests, other modules'
 * tests sharing the broker) are ignored; every tracked record is checked against its contract's JSON
 * Schema, and its key against the model it is about.
 */
public final class EventTap implements AutoCloseable {

    /** One published record: its topic, key and parsed document. */
    public record Published(String topic, String key, JsonNode event) {

        public String eventId() {
            return event.path("eventId").asText();
        }

        public JsonNode payload() {
            return event.path("payload");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SchemaValidator SCHEMAS = new SchemaValidator();

    private final KafkaConsumer<String, String> consumer;
    private final List<Published> seen = new ArrayList<>();
    private final Set<String> tracked = ConcurrentHashMap.newKeySet();

    public EventTap(String... topics) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, Servers.shared().kafka().bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(config);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(10))) {
                partitions.add(new TopicPartition(topic, p.partition()));
            }
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** Collects the events keyed by this model from now on. */
    public EventTap track(String modelId) {
        tracked.add(modelId);
        return this;
    }

    /**
     * Polls until {@code count} records matching the filter have been seen (counting duplicates), or the
     * timeout passes; returns the matching records in arrival order.
     */
    public List<Published> await(Predicate<Published> filter, int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (matching(filter).size() < count && System.nanoTime() < deadline) {
            poll(Duration.ofMillis(200));
        }
        return matching(filter);
    }

    /** Keeps polling for the given time, to show that nothing more arrives. */
    public List<Published> drain(Predicate<Published> filter, Duration quiet) {
        long deadline = System.nanoTime() + quiet.toNanos();
        while (System.nanoTime() < deadline) {
            poll(Duration.ofMillis(200));
        }
        return matching(filter);
    }

    public static Predicate<Published> forModel(String modelId) {
        return p -> modelId.equals(p.key());
    }

    public static Predicate<Published> ofType(String type) {
        return p -> type.equals(p.event().path("type").asText());
    }

    private List<Published> matching(Predicate<Published> filter) {
        return seen.stream().filter(filter).toList();
    }

    private void poll(Duration wait) {
        for (ConsumerRecord<String, String> record : consumer.poll(wait)) {
            if (record.key() == null || !tracked.contains(record.key())) {
                continue;
            }
            JsonNode event;
            try {
                event = JSON.readTree(record.value());
            } catch (IOException e) {
                throw new UncheckedIOException("request-api published something that is not JSON on " + record.topic(), e);
            }
            assertThat(SCHEMAS.violations(event)).as("schema violations of %s", record.value()).isEmpty();
            assertThat(event.path("type").asText()).isEqualTo(record.topic());
            assertThat(record.key()).isEqualTo(event.path("payload").path("modelId").asText());
            seen.add(new Published(record.topic(), record.key(), event));
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
