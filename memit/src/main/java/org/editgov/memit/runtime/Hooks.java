package org.editgov.memit.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What one forward pass should read and change at given {@link Site}s: the runtime's hooks for
 * editing (MEMIT keys, the trainable vector added at the subject token) and for causal tracing
 * (noise on embeddings, restoring one clean state at a time).
 *
 * <p>At each site the forward pass first applies additions, then replacements, then records
 * the captures: a capture sees exactly what the rest of the network sees. Additions are plain
 * tensor arithmetic, so a vector that requires a gradient gets one. Captured tensors belong to
 * the manager of the input ids. A {@code Hooks} serves one forward call.
 */
public final class Hooks {

    private record Key(Site site, int layer) {
    }

    private record Addition(NDArray vectors, int[] positions) {
    }

    private record Replacement(int row, int position, NDArray value) {
    }

    private final Map<Key, List<NDArray>> fullAdditions = new HashMap<>();
    private final Map<Key, List<Addition>> additions = new HashMap<>();
    private final Map<Key, List<Replacement>> replacements = new HashMap<>();
    private final Map<Key, NDArray> captures = new HashMap<>();

    /** Records the state at {@code site} of {@code layer}; read it with {@link #captured} after the forward. */
    public Hooks capture(Site site, int layer) {
        captures.put(new Key(site, layer), null);
        return this;
    }

    /** Reads the MLP hidden vectors entering {@code h.layer.mlp.c_proj}, shape (B, T, 4 nEmbd). */
    public Hooks captureMlpKeys(int layer) {
        return capture(Site.MLP_KEYS, layer);
    }

    /** Reads the residual stream after block {@code layer}, shape (B, T, nEmbd). */
    public Hooks captureResidual(int layer) {
        return capture(Site.BLOCK_OUTPUT, layer);
    }

    /**
     * Adds {@code vectors[b]} to the state at row b, token {@code positions[b]} (skip a row with
     * position -1). {@code vectors} is (B, width), or (width) for the same vector in every row.
     */
    public Hooks addAt(Site site, int layer, NDArray vectors, int[] positions) {
        Objects.requireNonNull(vectors, "vectors");
        additions.computeIfAbsent(new Key(site, layer), k -> new ArrayList<>())
                .add(new Addition(vectors, positions.clone()));
        return this;
    }

    /** MEMIT's / ROME's trainable delta: adds to block {@code layer}'s output at one token per row. */
    public Hooks addToBlockOutput(int layer, NDArray vectors, int[] positions) {
        return addAt(Site.BLOCK_OUTPUT, layer, vectors, positions);
    }

    /** Adds a whole (B, T, width) tensor at a site, e.g. Gaussian noise on the subject's embeddings. */
    public Hooks add(Site site, int layer, NDArray delta) {
        fullAdditions.computeIfAbsent(new Key(site, layer), k -> new ArrayList<>()).add(delta);
        return this;
    }

    /** Adds (B, T, nEmbd) {@code noise} to the token plus position embeddings (causal tracing's corruption). */
    public Hooks addToEmbeddings(NDArray noise) {
        return add(Site.EMBEDDINGS, 0, noise);
    }

    /** Replaces the state at one row and token by {@code value} (width): causal tracing's restoration. */
    public Hooks replaceAt(Site site, int layer, int row, int position, NDArray value) {
        replacements.computeIfAbsent(new Key(site, layer), k -> new ArrayList<>())
                .add(new Replacement(row, position, value));
        return this;
    }

    public Hooks replaceResidual(int layer, int row, int position, NDArray value) {
        return replaceAt(Site.BLOCK_OUTPUT, layer, row, position, value);
    }

    public Hooks replaceMlpOutput(int layer, int row, int position, NDArray value) {
        return replaceAt(Site.MLP_OUTPUT, layer, row, position, value);
    }

    /** The state recorded at a site after the forward pass. */
    public NDArray captured(Site site, int layer) {
        NDArray value = captures.get(new Key(site, layer));
        if (value == null) {
            throw new IllegalStateException(site + " of layer " + layer + " was not captured (ask before the forward pass)");
        }
        return value;
    }

    public NDArray mlpKeys(int layer) {
        return captured(Site.MLP_KEYS, layer);
    }

    public NDArray residual(int layer) {
        return captured(Site.BLOCK_OUTPUT, layer);
    }

    /** Applied by the forward pass to the state {@code h} (B, T, width) at a site. */
    NDArray apply(Site site, int layer, NDArray h) {
        Key key = new Key(site, layer);
        NDArray out = h;
        for (NDArray delta : fullAdditions.getOrDefault(key, List.of())) {
            if (!delta.getShape().equals(out.getShape())) {
                throw new IllegalArgumentException("addition at " + site + " " + layer + " has shape "
                        + delta.getShape() + ", the state is " + out.getShape());
            }
            out = out.add(delta);
        }
        for (Addition addition : additions.getOrDefault(key, List.of())) {
            out = out.add(scatter(out, addition));
        }
        List<Replacement> replaced = replacements.getOrDefault(key, List.of());
        if (!replaced.isEmpty()) {
            // A fresh copy: set() writes in place, which autograd allows on a non-leaf copy only.
            out = out.duplicate();
            for (Replacement replacement : replaced) {
                out.set(new NDIndex(replacement.row(), replacement.position()), replacement.value());
            }
        }
        if (captures.containsKey(key)) {
            captures.put(key, out);
        }
        return out;
    }

    /** One-hot (B, T, 1) mask of the positions times the (B, 1, width) vectors. */
    private static NDArray scatter(NDArray h, Addition addition) {
        Shape shape = h.getShape();
        int batch = Math.toIntExact(shape.get(0));
        int length = Math.toIntExact(shape.get(1));
        int[] positions = addition.positions();
        if (positions.length != batch) {
            throw new IllegalArgumentException("addition has " + positions.length + " positions for a batch of " + batch);
        }
        float[] mask = new float[batch * length];
        for (int b = 0; b < batch; b++) {
            int p = positions[b];
            if (p >= length || p < -1) {
                throw new IllegalArgumentException("position " + p + " of row " + b + " is outside 0.." + (length - 1));
            }
            if (p >= 0) {
                mask[b * length + p] = 1f;
            }
        }
        NDManager manager = h.getManager();
        NDArray oneHot = manager.create(mask, new Shape(batch, length, 1));
        NDArray vectors = addition.vectors();
        NDArray rows = vectors.getShape().dimension() == 1
                ? vectors.reshape(1, 1, vectors.getShape().get(0))
                : vectors.reshape(vectors.getShape().get(0), 1, vectors.getShape().get(1));
        rows.attach(manager);
        return oneHot.mul(rows);
    }
}
