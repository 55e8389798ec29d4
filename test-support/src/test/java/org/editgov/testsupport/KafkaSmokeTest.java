package org.editgov.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

@RealServers
class KafkaSmokeTest {

    /** The topics of shared/DESIGN.md, and edit.withdrawn. */
    private static final List<String> DESIGN_TOPICS = List.of("edit.proposed", "edit.reviewed", "edit.withdrawn", "batch.requested",
            "batch.completed", "batch.failed", "model.version.committed", "model.rollback.requested");

    @Test
    void everyDesignTopicExistsWithSeveralPartitions(Kafka kafka) throws Exception {
        assertThat(kafka.topics()).containsExactlyInAnyOrderElementsOf(DESIGN_TOPICS);
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(config)) {
            Map<String, TopicDescription> topics =
                    admin.describeTopics(DESIGN_TOPICS).allTopicNames().get(30, TimeUnit.SECONDS);
            assertThat(topics).hasSize(DESIGN_TOPICS.size());
            topics.values().forEach(topic -> assertThat(topic.partitions())
                    .as("partitions of %s", topic.name())
                    .hasSizeGreaterThanOrEqualTo(Math.max(2, kafka.partitions())));
        }
    }

    @Test
    void aRecordProducedOnEveryTopicIsConsumedBack(Kafka kafka) throws Exception {
        String run = UUID.randomUUID().toString();
        List<RecordMetadata> sent = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig(kafka))) {
            for (String topic : kafka.topics()) {
                sent.add(producer.send(new ProducerRecord<>(topic, "smoke-" + run, topic + "|" + run))
                        .get(30, TimeUnit.SECONDS));
            }
        }
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig(kafka))) {
            for (RecordMetadata metadata : sent) {
                TopicPartition partition = new TopicPartition(metadata.topic(), metadata.partition());
                consumer.assign(List.of(partition));
                consumer.seek(partition, metadata.offset());
                ConsumerRecord<String, String> received = pollOne(consumer, Duration.ofSeconds(30));
                assertThat(received.topic()).isEqualTo(metadata.topic());
                assertThat(received.offset()).isEqualTo(metadata.offset());
                assertThat(received.key()).isEqualTo("smoke-" + run);
                assertThat(received.value()).isEqualTo(metadata.topic() + "|" + run);
            }
        }
    }

    private static ConsumerRecord<String, String> pollOne(KafkaConsumer<String, String> consumer, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                return record;
            }
        }
        throw new AssertionError("no record arrived within " + timeout);
    }

    private static Properties producerConfig(Kafka kafka) {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return config;
    }

    private static Properties consumerConfig(Kafka kafka) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return config;
    }
}
