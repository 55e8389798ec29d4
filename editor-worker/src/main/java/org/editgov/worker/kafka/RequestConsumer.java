package org.editgov.worker.kafka;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
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

    /**
     * How long the group waits for a silent worker (killed, not stopped) before giving its
     * partitions to the others; Kafka's default is 45 s, the broker allows 6 s at least.
     */
    @ConfigProperty(name = "editgov.worker.consumer.session-timeout", defaultValue = "PT45S")
    Duration sessionTimeout;

    /** Models this worker serves (e.g. the ones its GPU can hold); requests for others are left alone. Default: all. */
    @ConfigProperty(name = "editgov.worker.only-models")
    Optional<Set<String>> onlyModels;

    @Inject
    EventCodec codec;

    @Inject
    BatchExecutor batches;

    @Inject
    RollbackExecutor rollbacks;

    /** Pause before a record whose results the broker did not acknowledge is tried again. */
    private static final Duration PUBLISH_RETRY = Duration.ofSeconds(5);

    private volatile boolean running;
    private KafkaConsumer<String, String> consumer;
    private KafkaProducer<String, String> producer;
    private Thread thread;
    /** Per partition, the position after the last record handled or skipped, not committed yet. */
    private final Map<TopicPartition, OffsetAndMetadata> uncommitted = new HashMap<>();

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
            consumer.subscribe(List.of(Topics.BATCH_REQUESTED, Topics.MODEL_ROLLBACK_REQUESTED), new CommitOnRevoke());
            while (running) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                for (ConsumerRecord<String, String> record : records) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (!serves(record)) {
                        // Another worker's model: its offset goes with the next commit instead of a commit of its own
                        // (a new group reads the whole topic; one round trip per record made that take half a minute).
                        uncommitted.put(partition, new OffsetAndMetadata(record.offset() + 1));
                        continue;
                    }
                    if (publish(record, resultsOf(record))) {
                        uncommitted.put(partition, new OffsetAndMetadata(record.offset() + 1));
                        acknowledge(uncommitted.keySet());
                    } else {
                        // Not acknowledged: read the record again after a pause; a recorded outcome is re-emitted, not redone.
                        consumer.seek(partition, record.offset());
                        pause(PUBLISH_RETRY);
                    }
                }
                if (records.isEmpty()) {
                    acknowledge(uncommitted.keySet());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                LOG.error("request consumer woken up while running; it stops", e);
            }
        } catch (Throwable e) {
            // Only the Kafka client itself gets here (subscribe, poll, seek): the thread ends and liveness says DOWN.
            LOG.error("request consumer stopped; records from the last committed offset will be redelivered", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Commits what was reached on partitions the group is about to give to another member, while they are still ours. */
    private final class CommitOnRevoke implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            acknowledge(partitions);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            // Already another member's: committing our older offsets there could move the group back.
            uncommitted.keySet().removeAll(partitions);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
        }
    }

    private boolean serves(ConsumerRecord<String, String> record) {
        return onlyModels.isEmpty() || onlyModels.get().contains(record.key());
    }

    /**
     * The events answering one record. Whatever its handling throws (an engine error, a corrupt
     * store file, an {@link Error} such as running out of memory) stays with that record: a batch
     * is reported {@code batch.failed} (ERROR, one line) and the loop goes on with the next record.
     */
    private List<EventEnvelope<?>> resultsOf(ConsumerRecord<String, String> record) {
        try {
            return switch (record.topic()) {
                case Topics.BATCH_REQUESTED -> batches.execute(codec.read(record.value(), BatchRequested.class));
                case Topics.MODEL_ROLLBACK_REQUESTED -> rollbacks.execute(codec.read(record.value(), ModelRollbackRequested.class));
                default -> List.of();
            };
        } catch (EventFormatException e) {
            LOG.errorf("skipping %s record at %s-%d offset %d: %s", record.topic(), record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return List.of();
        } catch (Throwable e) {
            LOG.errorf(e, "%s record at %s-%d offset %d could not be handled", record.topic(), record.topic(),
                    record.partition(), record.offset());
            return failureOf(record, e);
        }
    }

    /** batch.failed (ERROR) for a batch; nothing for a rollback, which has no failure event (the log says why). */
    private List<EventEnvelope<?>> failureOf(ConsumerRecord<String, String> record, Throwable cause) {
        if (!record.topic().equals(Topics.BATCH_REQUESTED)) {
            return List.of();
        }
        try {
            return List.of(batches.failed(codec.read(record.value(), BatchRequested.class).payload(), cause));
        } catch (Throwable again) {
            LOG.errorf(again, "batch record at %s-%d offset %d: its failure cannot be reported either", record.topic(),
                    record.partition(), record.offset());
            return List.of();
        }
    }

    /** Produces the events and waits for the broker's acknowledgement; false (logged) if any was not acknowledged. */
    private boolean publish(ConsumerRecord<String, String> record, List<EventEnvelope<?>> results) {
        try {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (EventEnvelope<?> event : results) {
                sent.add(producer.send(new ProducerRecord<>(event.type(), event.key(), codec.write(event))));
            }
            producer.flush();
            for (Future<RecordMetadata> future : sent) {
                future.get();
            }
            return true;
        } catch (ExecutionException e) {
            LOG.errorf("result events of %s offset %d not published (again in %s): %s", record.topic(), record.offset(),
                    PUBLISH_RETRY, e.getCause().getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            LOG.errorf(e, "result events of %s offset %d not published (again in %s)", record.topic(), record.offset(),
                    PUBLISH_RETRY);
            return false;
        }
    }

    /**
     * Commits the offsets reached on these partitions (records handled or skipped). A commit
     * refused because the group gave a partition to another member is not fatal: the new owner
     * receives the record again and re-emits its recorded outcome.
     */
    private void acknowledge(Collection<TopicPartition> partitions) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata offset = uncommitted.get(partition);
            if (offset != null) {
                offsets.put(partition, offset);
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(offsets);
        } catch (CommitFailedException | RebalanceInProgressException e) {
            LOG.warnf("offsets %s not committed (%s); the partitions' owner will receive the records again", offsets,
                    e.getMessage());
        }
        uncommitted.keySet().removeAll(offsets.keySet());
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Whether the consumer thread is alive (it stops only when the Kafka client itself fails, leaving the offset uncommitted). */
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
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) sessionTimeout.toMillis());
        // Kafka's advice: heartbeats at a third of the session timeout at most.
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.min(3000, sessionTimeout.toMillis() / 3));
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
