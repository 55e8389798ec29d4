package org.editgov.memit.runtime;

import ai.djl.ndarray.NDArray;
import java.util.HashMap;
import java.util.Map;

/**
 * Attention keys and values per block, (B, H, T, d_head) each: recorded by one forward pass, or
 * given to a later pass as the columns in front of the tokens it computes. A pass that changes
 * only tokens from some column on (MEMIT's z, added at the subject) then runs just those tokens
 * and reads the unchanged earlier ones from here instead of computing them again.
 */
public final class KeyValues {

    private final Map<Integer, NDArray[]> recorded = new HashMap<>();
    private final Map<Integer, NDArray[]> prefix;

    private KeyValues(Map<Integer, NDArray[]> prefix) {
        this.prefix = prefix;
    }

    /** Records every block's keys and values during the pass it is given to. */
    public static KeyValues recorder() {
        return new KeyValues(Map.of());
    }

    /** Keys and values (per layer: {keys, values}) that come before the pass's own tokens. */
    public static KeyValues prefix(Map<Integer, NDArray[]> byLayer) {
        return new KeyValues(Map.copyOf(byLayer));
    }

    /** {keys, values} that block {@code layer} computed in the pass, or null if it did not run. */
    public NDArray[] recorded(int layer) {
        return recorded.get(layer);
    }

    NDArray[] prefixOf(int layer) {
        return prefix.get(layer);
    }

    void record(int layer, NDArray keys, NDArray values) {
        if (prefix.isEmpty()) {
            recorded.put(layer, new NDArray[] {keys, values});
        }
    }
}
