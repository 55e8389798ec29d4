package org.editgov.contracts;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code batch.requested}: approved edits frozen into a batch for one model; the editor worker applies
 * them to {@code baseVersion}.
 *
 * @param baseVersion the model version the edits apply to (the model's current version when cut)
 * @param method      edit method name, e.g. {@code MEMIT}
 * @param settings    the method's settings (layers, lambda, ...), as registered with the model; JSON values
 * @param gates       evaluation gates the result must pass to be committed
 * @param edits       every edit of the batch, in application order; at least one
 */
public record BatchRequested(
        String batchId, String modelId, int baseVersion, String method, Map<String, Object> settings,
        Gates gates, List<BatchEdit> edits) implements EventPayload {

    public BatchRequested {
        Objects.requireNonNull(batchId, "batchId");
        Objects.requireNonNull(modelId, "modelId");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(gates, "gates");
        Objects.requireNonNull(edits, "edits");
        // A copy in the producer's order, so the JSON comes out the same every time.
        settings = settings == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        edits = List.copyOf(edits);
    }
}
