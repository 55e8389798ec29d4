package org.editgov.worker.kafka;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.editgov.contracts.BatchRequested;
import org.editgov.contracts.EventCodec;
import org.editgov.contracts.EventEnvelope;
import org.editgov.contracts.EventFormatException;
import org.editgov.contracts.ModelRollbackRequested;
import org.editgov.contracts.Topics;
import org.editgov.worker.batches.BatchExecutor;
import org.editgov.worker.models.RollbackExecutor;
import org.jboss.logging.Logger;

/**
 * Consumes {@code batch.requested} and {@code model.rollback.requested} one record at a time on its
 * own thread. A record's offset is committed only after its result events are produced and
 * flushed, so a worker that dies mid-batch has the batch redelivered (to itself or another member
 * of the group), and the recorded outcome makes the redelivery re-emit, not redo. Records are keyed
 * by model id, so one model's requests stay in order on one partition.
 */
@ApplicationScoped
public class RequestConsumer {

    private static final Logger LOG = Logger.getLogger(RequestConsumer.class);

    @ConfigProperty(name = "kafka.bootstrap.servers", defaultValue = "127.0.0.1:9092")
    String bootstrapServers;

    @ConfigProperty(name = "editgov.worker.consumer.group", defaultValue = "editor-worker")
    String group;

    /** Off in tests that exercise the store or the HTTP API without Kafka traffic. */
    @ConfigProperty(name = "editgov.worker.consumer.enabled", defaultValue = "true")
    boolean enabled;

    /** Longest a batch may run before the group gives its partition to another worker (a 1,000-edit batch on CPU takes minutes). */
    @ConfigProperty(name = "editgov.worker.consumer.max-batch-duration", defaultValue = "PT2H")
    Duration maxBatchDuration;

    /** Models this worker serves (e.g. the ones its GPU can hold); requests for others are left alone. Default: all. */
    @ConfigProperty(name = "editgov.worker.only-models")
    Optional<Set<String>> onlyModels;

    @Inject
    EventCodec codec;

    @Inject
    BatchExecutor batches;

    @Inject
    RollbackExecutor rollbacks;

    private volatile boolean running;
    private KafkaConsumer<String, String> consumer;
    private KafkaProducer<String, String> producer;
    private Thread thread;

    void start(@Observes StartupEvent startup) {
        if (!enabled) {
            LOG.info("request consumer disabled (editgov.worker.consumer.enabled=false)");
            return;
        }
        consumer = new KafkaConsumer<>(consumerProperties());
        producer = new KafkaProducer<>(producerProperties());
        running = true;
        thread = new Thread(this::loop, "editor-worker-consumer");
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) {
        if (consumer == null) {
            return;
        }
        running = false;
        consumer.wakeup();
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }

    private void loop() {
        try {
            consumer.subscribe(List.of(Topics.BATCH_REQUESTED, Topics.MODEL_ROLLBACK_REQUESTED));
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    handle(record);
                    consumer.commitSync(Map.of(new TopicPartition(record.topic(), record.partition()),
                            new OffsetAndMetadata(record.offset() + 1)));
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            LOG.error("request consumer stopped; records from the last committed offset will be redelivered", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void handle(ConsumerRecord<String, String> record) {
        if (onlyModels.isPresent() && !onlyModels.get().contains(record.key())) {
            return;
        }
        List<EventEnvelope<?>> results;
        try {
            results = switch (record.topic()) {
                case Topics.BATCH_REQUESTED -> batches.execute(codec.read(record.value(), BatchRequested.class));
                case Topics.MODEL_ROLLBACK_REQUESTED -> rollbacks.execute(codec.read(record.value(), ModelRollbackRequested.class));
                default -> List.of();
            };
        } catch (EventFormatException e) {
            LOG.errorf("skipping %s record at %s-%d offset %d: %s", record.topic(), record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>();
        for (EventEnvelope<?> event : results) {
            sent.add(producer.send(new ProducerRecord<>(event.type(), event.key(), codec.write(event))));
        }
        producer.flush();
        for (Future<RecordMetadata> future : sent) {
            try {
                future.get();
            } catch (ExecutionException e) {
                throw new IllegalStateException("result events of " + record.topic() + " offset " + record.offset()
                        + " could not be published: " + e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing results", e);
            }
        }
    }

    /** Whether the consumer thread is alive (it stops on an error it cannot skip, leaving the offset uncommitted). */
    public boolean healthy() {
        return !enabled || (thread != null && thread.isAlive());
    }

    private Properties consumerProperties() {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
        properties.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) maxBatchDuration.toMillis());
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "editor-worker-" + ProcessHandle.current().pid());
        return properties;
    }

    private Properties producerProperties() {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return properties;
    }
}
