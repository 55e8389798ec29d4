package org.editgov.worker.batches;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.editgov.contracts.EventCodec;
import org.editgov.contracts.EventEnvelope;
import org.editgov.contracts.ModelVersionCommitted;
import org.editgov.worker.artifacts.ArtifactStore;
import org.editgov.worker.artifacts.VersionIndex;
import org.editgov.worker.models.ModelRegistry;

/**
 * The result events of each batch and rollback, recorded before the version index moves, so that a
 * redelivered request re-emits exactly the same events (same event ids: consumers dedupe by them)
 * and a crash between the two writes is repaired on redelivery.
 */
@ApplicationScoped
public class Outcomes {

    @Inject
    ArtifactStore store;

    @Inject
    EventCodec codec;

    @Inject
    ModelRegistry registry;

    private final ObjectMapper json = EventCodec.newObjectMapper();

    public Optional<List<EventEnvelope<?>>> recorded(String modelId, String key) {
        return store.outcome(modelId, key).map(this::decode);
    }

    public void record(String modelId, String key, List<EventEnvelope<?>> events) {
        ArrayNode array = json.createArrayNode();
        events.forEach(event -> array.add(codec.toTree(event)));
        try {
            store.writeOutcome(modelId, key, json.writeValueAsBytes(array));
        } catch (IOException e) {
            throw new UncheckedIOException("outcome " + key + " cannot be encoded: " + e.getMessage(), e);
        }
    }

    /** Commits every version the events announce that the index does not have yet; returns the index. */
    public VersionIndex commitAnnounced(VersionIndex index, List<EventEnvelope<?>> events, String requestEventId) {
        VersionIndex updated = index;
        for (EventEnvelope<?> event : events) {
            if (event.payload() instanceof ModelVersionCommitted committed && updated.version(committed.version()).isEmpty()) {
                updated = updated.commit(new VersionIndex.Version(committed.version(), committed.parentVersion(),
                        committed.artifact().sha256(), committed.artifact().location(),
                        committed.delta() == null ? null : committed.delta().sha256(),
                        committed.delta() == null ? null : committed.delta().sizeBytes(),
                        committed.delta() == null ? null : committed.delta().location(), committed.batchId(),
                        committed.rollback() == null ? null : committed.rollback().targetVersion(), requestEventId,
                        event.occurredAt()));
            }
        }
        if (updated != index) {
            registry.write(updated);
        }
        return updated;
    }

    private List<EventEnvelope<?>> decode(byte[] content) {
        try {
            List<EventEnvelope<?>> events = new ArrayList<>();
            for (JsonNode node : json.readTree(content)) {
                events.add(codec.read(node));
            }
            return events;
        } catch (IOException e) {
            throw new UncheckedIOException("a recorded outcome cannot be read: " + e.getMessage(), e);
        }
    }
}
