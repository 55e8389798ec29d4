package org.editgov.memit.runtime;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensors of a GPT-2, keyed by Hugging Face names without the {@code transformer.} prefix
 * ({@code wte.weight}, {@code h.0.attn.c_attn.weight}, ...). Conv1D weights are stored (in, out)
 * as in Hugging Face, so a projection is {@code x.matMul(W) + b}. The LM head is tied to
 * {@code wte.weight}. All tensors are float32 and owned by the manager they were created in.
 */
public final class Gpt2Weights {

    private final Gpt2Config config;
    private final Map<String, NDArray> tensors;

    /**
     * Wraps the given tensors; every name of {@link #names(Gpt2Config)} must be present with its
     * expected shape and nothing else may be.
     */
    public Gpt2Weights(Gpt2Config config, Map<String, NDArray> tensors) {
        this.config = config;
        this.tensors = new LinkedHashMap<>();
        for (String name : names(config)) {
            NDArray tensor = tensors.get(name);
            if (tensor == null) {
                throw new IllegalArgumentException("weight '" + name + "' is missing");
            }
            checkTensor(name, tensor);
            this.tensors.put(name, tensor);
        }
        for (String name : tensors.keySet()) {
            if (!this.tensors.containsKey(name)) {
                throw new IllegalArgumentException("weight '" + name + "' is not part of a GPT-2 of this config");
            }
        }
    }

    /** Weight names in a fixed order: embeddings, blocks 0..n-1, final LayerNorm. */
    public static List<String> names(Gpt2Config config) {
        List<String> names = new ArrayList<>();
        names.add("wte.weight");
        names.add("wpe.weight");
        for (int l = 0; l < config.nLayer(); l++) {
            for (String part : List.of("ln_1", "attn.c_attn", "attn.c_proj", "ln_2", "mlp.c_fc", "mlp.c_proj")) {
                names.add("h." + l + "." + part + ".weight");
                names.add("h." + l + "." + part + ".bias");
            }
        }
        names.add("ln_f.weight");
        names.add("ln_f.bias");
        return names;
    }

    /** The shape a weight must have in a GPT-2 of this config. */
    public static Shape expectedShape(Gpt2Config config, String name) {
        long c = config.nEmbd();
        long k = config.mlpWidth();
        if (name.equals("wte.weight")) {
            return new Shape(config.vocabSize(), c);
        }
        if (name.equals("wpe.weight")) {
            return new Shape(config.nPositions(), c);
        }
        boolean bias = name.endsWith(".bias");
        if (name.contains("ln_")) {
            return new Shape(c);
        }
        if (name.endsWith("attn.c_attn.weight") || name.endsWith("attn.c_attn.bias")) {
            return bias ? new Shape(3 * c) : new Shape(c, 3 * c);
        }
        if (name.contains("attn.c_proj")) {
            return bias ? new Shape(c) : new Shape(c, c);
        }
        if (name.contains("mlp.c_fc")) {
            return bias ? new Shape(k) : new Shape(c, k);
        }
        if (name.contains("mlp.c_proj")) {
            return bias ? new Shape(c) : new Shape(k, c);
        }
        throw new IllegalArgumentException("'" + name + "' is not a GPT-2 weight name");
    }

    /**
     * GPT-2's initialisation: weights N(0, 0.02), the two residual projections of each block
     * ({@code attn.c_proj}, {@code mlp.c_proj}) N(0, 0.02 / sqrt(2 nLayer)) so the residual stream
     * does not grow with depth, biases 0, LayerNorm gains 1. Drawn in Java from {@code seed}.
     */
    public static Gpt2Weights randomInit(Gpt2Config config, NDManager manager, long seed) {
        SeededGaussian gaussian = new SeededGaussian(seed);
        double std = 0.02;
        double residualStd = std / Math.sqrt(2.0 * config.nLayer());
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (String name : names(config)) {
            Shape shape = expectedShape(config, name);
            NDArray tensor;
            if (name.contains("ln_")) {
                tensor = name.endsWith(".weight") ? manager.ones(shape) : manager.zeros(shape);
            } else if (name.endsWith(".bias")) {
                tensor = manager.zeros(shape);
            } else if (name.endsWith("c_proj.weight")) {
                tensor = gaussian.next(manager, shape, residualStd);
            } else {
                tensor = gaussian.next(manager, shape, std);
            }
            tensors.put(name, tensor);
        }
        return new Gpt2Weights(config, tensors);
    }

    public Gpt2Config config() {
        return config;
    }

    public NDArray get(String name) {
        NDArray tensor = tensors.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("'" + name + "' is not a weight of this model");
        }
        return tensor;
    }

    /**
     * Puts {@code value} in place of the weight {@code name} and returns the previous tensor,
     * which the caller may close. The forward pass reads weights by name, so the next call uses
     * the new value.
     */
    public NDArray replace(String name, NDArray value) {
        NDArray previous = get(name);
        checkTensor(name, value);
        tensors.put(name, value);
        return previous;
    }

    /** Every tensor in {@link #names(Gpt2Config)} order (for an optimiser). */
    public List<NDArray> all() {
        return List.copyOf(tensors.values());
    }

    /** Name to tensor in {@link #names(Gpt2Config)} order, read-only. */
    public Map<String, NDArray> asMap() {
        return Collections.unmodifiableMap(tensors);
    }

    public long parameterCount() {
        long count = 0;
        for (NDArray tensor : tensors.values()) {
            count += tensor.size();
        }
        return count;
    }

    /** The manager of the tensors (that of {@code wte.weight}). */
    public NDManager manager() {
        return get("wte.weight").getManager();
    }

    /** Deep copy into {@code manager}, without gradients: a model to edit while keeping this one. */
    public Gpt2Weights copy(NDManager manager) {
        Map<String, NDArray> copies = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> entry : tensors.entrySet()) {
            NDArray copy = entry.getValue().duplicate();
            copy.attach(manager);
            copies.put(entry.getKey(), copy);
        }
        return new Gpt2Weights(config, copies);
    }

    /** Marks every tensor as requiring a gradient (before a {@code GradientCollector} runs). */
    public void requireGradients() {
        for (NDArray tensor : tensors.values()) {
            tensor.setRequiresGradient(true);
        }
    }

    /**
     * Sets every accumulated gradient to zero. DJL's PyTorch engine does not zero gradients
     * between collectors, so a training loop calls this before each step.
     */
    public void zeroGradients() {
        for (NDArray tensor : tensors.values()) {
            if (tensor.hasGradient()) {
                try (NDArray gradient = tensor.getGradient()) {
                    gradient.subi(gradient);
                }
            }
        }
    }

    private void checkTensor(String name, NDArray tensor) {
        Shape expected = expectedShape(config, name);
        if (!tensor.getShape().equals(expected)) {
            throw new IllegalArgumentException(
                    "weight '" + name + "' has shape " + tensor.getShape() + ", expected " + expected);
        }
        if (tensor.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException(
                    "weight '" + name + "' is " + tensor.getDataType() + ", expected float32");
        }
    }
}
