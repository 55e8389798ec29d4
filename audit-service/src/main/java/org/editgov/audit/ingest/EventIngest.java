package org.editgov.audit.ingest;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.editgov.audit.log.AppendResult;
import org.editgov.audit.log.AuditLog;
import org.editgov.contracts.EventCodec;
import org.editgov.contracts.Topics;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Consumes every topic of the platform and appends each poll's events to the log in one transaction.
 * Offsets are committed only after the append committed, so a crash replays records, never loses them, and
 * the log's dedupe by event id absorbs the replay. A failed append rewinds to the first uncommitted record
 * and retries after a pause, so an unreachable database delays the log but never leaves a hole in it.
 *
 * <p>A plain {@link KafkaConsumer} rather than reactive messaging: the log needs exactly this order of
 * "append, then commit", per poll, with rewinds on failure.
 */
@ApplicationScoped
public class EventIngest {

    private static final Logger LOG = Logger.getLogger(EventIngest.class);

    private final AuditLog log;
    private final boolean enabled;
    private final Properties consumerConfig;
    private final Duration retryPause;
    private final AtomicBoolean running = new AtomicBoolean();
    private final RecordDecoder decoder = new RecordDecoder(new EventCodec());
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean assigned;
    private Thread thread;

    public EventIngest(AuditLog log,
                       // Off only for tools that read the log without consuming.
                       @ConfigProperty(name = "editgov.audit.ingest.enabled", defaultValue = "true") boolean enabled,
                       @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                       @ConfigProperty(name = "editgov.audit.ingest.group-id", defaultValue = "audit-service") String groupId,
                       // Where a new consumer group starts: earliest (the whole history) for the service.
                       @ConfigProperty(name = "editgov.audit.ingest.auto-offset-reset", defaultValue = "earliest") String offsetReset,
                       // Records per poll, hence per append transaction and per signed head.
                       @ConfigProperty(name = "editgov.audit.ingest.max-poll-records", defaultValue = "500") int maxPollRecords,
                       @ConfigProperty(name = "editgov.audit.ingest.retry-pause", defaultValue = "PT2S") Duration retryPause) {
        this.log = log;
        this.enabled = enabled;
        this.retryPause = retryPause;
        consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        consumerConfig.put(ConsumerConfig.CLIENT_ID_CONFIG, "audit-service-ingest");
        consumerConfig.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, offsetReset);
        consumerConfig.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPollRecords);
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    }

    void start(@Observes StartupEvent startup) {
        if (!enabled) {
            LOG.info("event ingest is disabled (editgov.audit.ingest.enabled=false)");
            return;
        }
        consumer = new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(Topics.ALL, new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                // Resolve every starting offset now, so that "ready" means every record published from here on
                // will be read (with a reset to latest, an unresolved position could still skip one).
                partitions.forEach(consumer::position);
                assigned = !partitions.isEmpty() || !consumer.assignment().isEmpty();
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                assigned = false;
            }
        });
        running.set(true);
        thread = new Thread(this::run, "audit-ingest");
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        if (thread == null) {
            return;
        }
        running.set(false);
        consumer.wakeup();
        thread.join(Duration.ofSeconds(10).toMillis());
    }

    /** Whether the consumer is running and has its partitions, so that what is published now gets logged. */
    public boolean isReady() {
        return !enabled || (thread != null && thread.isAlive() && assigned);
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> c = consumer) {
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = c.poll(Duration.ofMillis(500));
                if (records.isEmpty()) {
                    continue;
                }
                try {
                    RecordDecoder.Decoded decoded = decoder.decode(records);
                    AppendResult result = log.append(decoded.events(), decoded.rejected());
                    c.commitSync(nextOffsets(records));
                    LOG.debugf("appended %d, duplicates %d, rejected %d; tree size %d", result.appended(),
                            result.duplicates(), result.rejected(), result.head().head().treeSize());
                } catch (WakeupException e) {
                    throw e;
                } catch (RuntimeException e) {
                    LOG.errorf("append of %d records failed, retrying in %s: %s", records.count(), retryPause,
                            e.getMessage());
                    rewind(c, records);
                    Thread.sleep(retryPause.toMillis());
                }
            }
        } catch (WakeupException e) {
            if (running.get()) {
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition partition : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> inPartition = records.records(partition);
            offsets.put(partition, new OffsetAndMetadata(inPartition.get(inPartition.size() - 1).offset() + 1));
        }
        return offsets;
    }

    private static void rewind(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
        for (TopicPartition partition : records.partitions()) {
            c.seek(partition, records.records(partition).get(0).offset());
        }
    }
}
