package org.editgov.memit.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.editgov.memit.io.ModelIoException;
import org.editgov.memit.io.SafetensorsDtype;
import org.editgov.memit.io.SafetensorsReader;
import org.editgov.memit.io.SafetensorsWriter;
import org.editgov.memit.io.TensorEntry;
import org.editgov.memit.io.TextTokenizer;
import org.editgov.memit.runtime.Gpt2Model;
import org.editgov.memit.runtime.Gpt2Weights;
import org.editgov.memit.runtime.Hooks;
import org.editgov.memit.runtime.TokenBatch;
import org.ejml.data.DMatrixRMaj;

/**
 * The uncentred second moment C_l = E[k k^T] of the MLP keys at layer l (the reference's
 * layer_stats), over every real token of the first {@code samples} documents of a corpus, each
 * cut to the model's context length. Accumulated in float32 in one pass for all layers asked,
 * one batch of documents at a time (memory is that of one batch plus one d_k x d_k sum per
 * layer, whatever the corpus size). Cached as safetensors under
 * {@code <folder>/<model sha256>/layer-<l>-corpus-<corpus sha256>-n<samples>.safetensors} and read
 * back on the next run. A cache file is written under a temporary name and renamed into place
 * ({@link SafetensorsWriter}), so a run killed while writing leaves no short file under the
 * cache name; a file that is unreadable all the same is recomputed, not trusted.
 */
public final class CovarianceStats {

    /** Tokens per forward pass. */
    private static final int TOKENS_PER_BATCH = 4096;
    private static final String TENSOR = "mom2";

    /** What a call did: the moments, and how many layers came from the cache. */
    public record Result(Map<Integer, DMatrixRMaj> moments, int cachedLayers, long tokens, double seconds) {
    }

    private final Path folder;
    private final PrintStream progress;

    public CovarianceStats(Path folder, PrintStream progress) {
        this.folder = folder;
        this.progress = progress;
    }

    /** C_l for each layer, from the cache where present; the rest computed in one pass and cached. */
    public Result secondMoments(Gpt2Model model, String modelHash, TextTokenizer tokenizer, Corpus corpus,
            List<Integer> layers, int samples) {
        long start = System.nanoTime();
        Map<Integer, DMatrixRMaj> moments = new TreeMap<>();
        List<Integer> missing = new ArrayList<>();
        for (int layer : layers) {
            Path file = cacheFile(modelHash, layer, corpus, samples);
            DMatrixRMaj cached = Files.isRegularFile(file) ? readOrNull(file, model.config().mlpWidth()) : null;
            if (cached != null) {
                moments.put(layer, cached);
            } else {
                missing.add(layer);
            }
        }
        long tokens = 0;
        if (!missing.isEmpty()) {
            Accumulated accumulated = accumulate(model, tokenizer, corpus, missing, samples);
            tokens = accumulated.tokens;
            for (int layer : missing) {
                float[] mean = accumulated.means.get(layer);
                Path file = cacheFile(modelHash, layer, corpus, samples);
                write(file, mean, model.config().mlpWidth(), Map.of(
                        "model_sha256", modelHash, "corpus_sha256", corpus.sha256(), "corpus", corpus.name(),
                        "layer", Integer.toString(layer), "samples", Integer.toString(samples),
                        "documents", Long.toString(accumulated.documents), "tokens", Long.toString(accumulated.tokens)));
                moments.put(layer, toMatrix(mean, model.config().mlpWidth()));
            }
        }
        return new Result(moments, layers.size() - missing.size(), tokens, (System.nanoTime() - start) / 1e9);
    }

    public Path cacheFile(String modelHash, int layer, Corpus corpus, int samples) {
        return folder.resolve(modelHash).resolve("layer-" + layer + "-corpus-" + corpus.sha256() + "-n" + samples + ".safetensors");
    }

    private record Accumulated(Map<Integer, float[]> means, long documents, long tokens) {
    }

    private Accumulated accumulate(Gpt2Model model, TextTokenizer tokenizer, Corpus corpus, List<Integer> layers,
            int samples) {
        int width = model.config().mlpWidth();
        int maxLength = model.config().nPositions();
        long documents = 0;
        long tokens = 0;
        try (NDManager sums = model.weights().manager().newSubManager()) {
            Map<Integer, NDArray> totals = new LinkedHashMap<>();
            for (int layer : layers) {
                totals.put(layer, sums.zeros(new Shape(width, width), DataType.FLOAT32));
            }
            List<int[]> batch = new ArrayList<>();
            int batchTokens = 0;
            for (String document : corpus.documents()) {
                if (documents == samples) {
                    break;
                }
                documents++;
                int[] ids = tokenizer.encode(document);
                if (ids.length == 0) {
                    continue;
                }
                if (ids.length > maxLength) {
                    ids = Arrays.copyOf(ids, maxLength);
                }
                batch.add(ids);
                batchTokens += ids.length;
                if (batchTokens >= TOKENS_PER_BATCH) {
                    tokens += addBatch(model, tokenizer.padId(), batch, totals);
                    batch.clear();
                    batchTokens = 0;
                    report(layers, documents, samples, tokens);
                }
            }
            if (!batch.isEmpty()) {
                tokens += addBatch(model, tokenizer.padId(), batch, totals);
            }
            report(layers, documents, samples, tokens);
            progress.println();
            if (tokens == 0) {
                throw new IllegalArgumentException("corpus " + corpus.name() + " has no tokens");
            }
            Map<Integer, float[]> means = new LinkedHashMap<>();
            for (Map.Entry<Integer, NDArray> entry : totals.entrySet()) {
                means.put(entry.getKey(), entry.getValue().div((float) tokens).toFloatArray());
            }
            return new Accumulated(means, documents, tokens);
        }
    }

    /** Adds K^T K of the batch's real tokens to each layer's total; returns the token count. */
    private static long addBatch(Gpt2Model model, int padId, List<int[]> sequences, Map<Integer, NDArray> totals) {
        try (NDManager step = model.weights().manager().newSubManager()) {
            TokenBatch batch = TokenBatch.rightPadded(step, sequences, padId);
            Hooks hooks = new Hooks();
            totals.keySet().forEach(hooks::captureMlpKeys);
            model.runThrough(batch.ids(), batch.mask(), hooks, totals.keySet().stream().mapToInt(Integer::intValue).max().orElseThrow());
            long rows = batch.ids().getShape().size();
            NDArray mask = batch.mask().reshape(rows, 1);
            for (Map.Entry<Integer, NDArray> entry : totals.entrySet()) {
                NDArray keys = hooks.mlpKeys(entry.getKey());
                NDArray flat = keys.reshape(rows, keys.getShape().get(2)).mul(mask);
                entry.getValue().addi(flat.transpose().matMul(flat));
            }
            return Arrays.stream(batch.lengths()).asLongStream().sum();
        }
    }

    private void report(List<Integer> layers, long documents, int samples, long tokens) {
        progress.printf("\rstats layers %s: %d/%d documents, %d tokens", layers, documents, samples, tokens);
        progress.flush();
    }

    private static void write(Path file, float[] mean, int width, Map<String, String> metadata) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("stats folder " + file.getParent() + " cannot be created: " + e.getMessage(), e);
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray tensor = manager.create(mean, new Shape(width, width));
            SafetensorsWriter.write(file, Map.of(TENSOR, tensor), SafetensorsDtype.F32, metadata);
        }
    }

    /**
     * Whether the cache holds a file for this key whose header names a width x width float32
     * moment (what a run that only needs to know that the statistics exist checks; a run that
     * uses them reads and validates every value).
     */
    public boolean hasCached(String modelHash, int layer, Corpus corpus, int samples, int width) {
        Path file = cacheFile(modelHash, layer, corpus, samples);
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            TensorEntry entry = SafetensorsReader.header(file).entry(TENSOR);
            return entry != null && entry.dtype() == SafetensorsDtype.F32 && Arrays.equals(entry.shape(), new long[] {width, width});
        } catch (ModelIoException e) {
            return false;
        }
    }

    /**
     * The cached C_l, or null (after saying why) when the file is not a complete, finite
     * width x width moment: such a file is recomputed and replaced, never trusted.
     */
    private DMatrixRMaj readOrNull(Path file, int width) {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray tensor = SafetensorsReader.read(file, manager).get(TENSOR);
            if (tensor == null || !tensor.getShape().equals(new Shape(width, width))) {
                progress.println("stats: " + file + " is not a " + width + " x " + width + " '" + TENSOR + "'; recomputing it");
                return null;
            }
            float[] values = tensor.toFloatArray();
            for (float value : values) {
                if (!Float.isFinite(value)) {
                    progress.println("stats: " + file + " holds a non-finite value; recomputing it");
                    return null;
                }
            }
            return toMatrix(values, width);
        } catch (ModelIoException e) {
            progress.println("stats: " + file + " cannot be read (" + e.getMessage() + "); recomputing it");
            return null;
        }
    }

    private static DMatrixRMaj toMatrix(float[] values, int width) {
        DMatrixRMaj matrix = new DMatrixRMaj(width, width);
        for (int i = 0; i < values.length; i++) {
            matrix.data[i] = values[i];
        }
        return matrix;
    }

    /** SHA-256 over every weight's name, shape and float32 values: names a model's state in cache keys. */
    public static String modelHash(Gpt2Weights weights) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        for (Map.Entry<String, NDArray> entry : weights.asMap().entrySet()) {
            digest.update(entry.getKey().getBytes(StandardCharsets.UTF_8));
            digest.update(entry.getValue().getShape().toString().getBytes(StandardCharsets.UTF_8));
            float[] values = entry.getValue().toFloatArray();
            ByteBuffer buffer = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            buffer.asFloatBuffer().put(values);
            digest.update(buffer);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
