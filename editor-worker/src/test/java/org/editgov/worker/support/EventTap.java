package org.editgov.worker.support;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.editgov.contracts.EventCodec;
import org.editgov.contracts.EventEnvelope;

/**
 * Reads the result topics from their current ends onwards (no consumer group), keeping every event
 * about one model, so a test sees exactly what the worker published after the tap was opened.
 */
public final class EventTap implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final EventCodec codec;
    private final String modelId;
    private final List<EventEnvelope<?>> seen = new ArrayList<>();

    public EventTap(String bootstrapServers, EventCodec codec, String modelId, List<String> topics) {
        this.codec = codec;
        this.modelId = modelId;
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        consumer = new KafkaConsumer<>(properties);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : topics) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
    }

    /** Every event about the model seen so far. */
    public List<EventEnvelope<?>> seen() {
        poll(Duration.ZERO);
        return List.copyOf(seen);
    }

    /** The first event seen (now or within {@code timeout}) that matches. */
    public EventEnvelope<?> await(Predicate<EventEnvelope<?>> matches, Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            for (EventEnvelope<?> event : List.copyOf(seen)) {
                if (matches.test(event)) {
                    return event;
                }
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("no matching event for model " + modelId + " within " + timeout + "; seen: "
                        + seen.stream().map(e -> e.type() + " " + e.eventId()).toList());
            }
            poll(Duration.ofMillis(500));
        }
    }

    private void poll(Duration duration) {
        for (ConsumerRecord<String, String> record : consumer.poll(duration)) {
            if (modelId.equals(record.key())) {
                seen.add(codec.read(record.value()));
            }
        }
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(2));
    }
}
