package org.editgov.requestapi.support;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.editgov.contracts.Actor;
import org.editgov.contracts.ArtifactRef;
import org.editgov.contracts.BatchCompleted;
import org.editgov.contracts.BatchFailed;
import org.editgov.contracts.DeltaRef;
import org.editgov.contracts.EventCodec;
import org.editgov.contracts.EventEnvelope;
import org.editgov.contracts.EventPayload;
import org.editgov.contracts.ModelVersionCommitted;
import org.editgov.contracts.RollbackRef;
import org.editgov.contracts.Sha256;
import org.editgov.testsupport.Servers;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;

/**
 * Publishes what the editor worker publishes, through the real broker and the contracts' codec, so
 * request-api's consumers are tested on the wire format they will meet.
 */
public final class WorkerEvents implements AutoCloseable {

    private static final Actor WORKER = Actor.service("editor-worker");
    private final EventCodec codec = new EventCodec();
    private final KafkaProducer<String, String> producer;

    public WorkerEvents() {
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, Servers.shared().kafka().bootstrapServers());
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        producer = new KafkaProducer<>(config);
    }

    public static ArtifactRef artifact(String modelId, int version) {
        String location = "store://models/" + modelId + "/v" + version;
        return new ArtifactRef(Sha256.hex(location.getBytes(StandardCharsets.UTF_8)), location);
    }

    public static DeltaRef delta(String modelId, int version) {
        String location = "store://deltas/" + modelId + "/v" + version + ".safetensors";
        return new DeltaRef(Sha256.hex(location.getBytes(StandardCharsets.UTF_8)), 4096, location);
    }

    public static EventEnvelope<BatchCompleted> completed(String modelId, String batchId, int base, List<String> applied) {
        // The worker's shape, cut down: the verdict, and the engine's aggregates in percent under "edits".
        ObjectNode report = JsonNodeFactory.instance.objectNode();
        report.put("passed", true);
        report.putObject("edits").putObject("metrics").put("ES", 100.0).put("PS", 80.0);
        return EventEnvelope.create(WORKER, new BatchCompleted(batchId, modelId, base, base + 1,
                artifact(modelId, base + 1), delta(modelId, base + 1), report, applied));
    }

    public static EventEnvelope<BatchFailed> failed(String modelId, String batchId, int base) {
        ObjectNode report = JsonNodeFactory.instance.objectNode();
        report.put("passed", false);
        return EventEnvelope.create(WORKER, new BatchFailed(batchId, modelId, base, BatchFailed.Kind.GATES_NOT_MET,
                "paraphrase success 0.41 below the gate 0.60", report));
    }

    public static EventEnvelope<ModelVersionCommitted> committedByBatch(String modelId, String batchId, int version) {
        return EventEnvelope.create(WORKER, new ModelVersionCommitted(modelId, version, version - 1,
                artifact(modelId, version), delta(modelId, version), batchId, null));
    }

    public static EventEnvelope<ModelVersionCommitted> committedByRollback(String modelId, int version, int target,
                                                                          String requestEventId) {
        return EventEnvelope.create(WORKER, new ModelVersionCommitted(modelId, version, version - 1,
                artifact(modelId, target), null, null, new RollbackRef(target, "bad batch", "olga", requestEventId)));
    }

    /** Publishes the event on its topic, keyed by its model, and waits for the broker's acknowledgement. */
    public void publish(EventEnvelope<? extends EventPayload> event) {
        try {
            producer.send(new ProducerRecord<>(event.type(), event.key(), codec.write(event))).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused the worker event", e);
        }
    }

    /** Publishes a raw document, for the consumer's handling of garbage. */
    public void publishRaw(String topic, String key, String document) {
        try {
            producer.send(new ProducerRecord<>(topic, key, document)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka refused the record", e);
        }
    }

    @Override
    public void close() {
        producer.close();
    }
}
