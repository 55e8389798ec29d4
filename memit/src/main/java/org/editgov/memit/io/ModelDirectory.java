package org.editgov.memit.io;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.editgov.memit.runtime.Gpt2Config;
import org.editgov.memit.runtime.Gpt2Weights;

/**
 * A Hugging Face GPT-2 folder: {@code config.json}, {@code model.safetensors} (or shards listed
 * in {@code model.safetensors.index.json}) and {@code tokenizer.json}.
 *
 * <p>Weight names: we write them as {@code GPT2LMHeadModel.save_pretrained} does, with the
 * {@code transformer.} prefix and without {@code lm_head.weight} (tied to {@code wte}). We read
 * names with or without the prefix (the original OpenAI GPT-2 upload has none), and skip the
 * causal-mask buffers ({@code attn.bias}, {@code attn.masked_bias}) and a tied
 * {@code lm_head.weight} that old checkpoints carry.
 */
public final class ModelDirectory {

    public static final String WEIGHTS_FILE = "model.safetensors";
    public static final String INDEX_FILE = "model.safetensors.index.json";
    public static final String PREFIX = "transformer.";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelDirectory() {
    }

    /** Config, weights (as float32 in {@code manager}) and tokenizer of a folder. */
    public static LoadedModel load(Path directory, NDManager manager) {
        Gpt2Config config = readConfig(directory);
        Path tokenizerFile = directory.resolve(HuggingFaceTextTokenizer.FILE_NAME);
        if (!Files.isRegularFile(tokenizerFile)) {
            throw new MissingModelFileException(directory + ": has no " + HuggingFaceTextTokenizer.FILE_NAME);
        }
        TextTokenizer tokenizer = HuggingFaceTextTokenizer.load(tokenizerFile);
        if (tokenizer.vocabSize() > config.vocabSize()) {
            tokenizer.close();
            throw new ModelIoException(tokenizerFile + ": has ids up to " + (tokenizer.vocabSize() - 1)
                    + " but config.json's vocab_size is " + config.vocabSize());
        }
        WeightsRead read;
        try {
            read = readWeights(directory, config, manager);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
        return new LoadedModel(directory, config, read.weights(), tokenizer, read.dtype());
    }

    /** config.json of a folder, with a clear error when the folder or file is missing. */
    public static Gpt2Config readConfig(Path directory) {
        if (!Files.isDirectory(directory)) {
            throw new MissingModelFileException(directory + ": model folder does not exist");
        }
        Path configFile = directory.resolve(ModelConfigJson.FILE_NAME);
        if (!Files.isRegularFile(configFile)) {
            throw new MissingModelFileException(directory + ": has no " + ModelConfigJson.FILE_NAME);
        }
        return ModelConfigJson.read(configFile);
    }

    /** The safetensors files holding a folder's weights: the single file, or every shard of the index. */
    public static List<Path> weightFiles(Path directory) {
        Path single = directory.resolve(WEIGHTS_FILE);
        if (Files.isRegularFile(single)) {
            return List.of(single);
        }
        Path index = directory.resolve(INDEX_FILE);
        if (Files.isRegularFile(index)) {
            return new ArrayList<>(new TreeSet<>(readIndex(index).values())).stream().map(directory::resolve).toList();
        }
        if (Files.exists(directory.resolve("pytorch_model.bin"))) {
            throw new UnsupportedModelException(directory + ": pytorch_model.bin is not supported; convert it to "
                    + WEIGHTS_FILE);
        }
        throw new MissingModelFileException(directory + ": has neither " + WEIGHTS_FILE + " nor " + INDEX_FILE);
    }

    /**
     * Writes a folder that Hugging Face tools and {@link #load} read: config.json, weights,
     * and a copy of {@code tokenizerJson} (skipped when null). Same inputs, same bytes.
     */
    public static void save(Path directory, Gpt2Config config, Gpt2Weights weights, Path tokenizerJson) {
        save(directory, config, weights, tokenizerJson, SaveOptions.DEFAULT);
    }

    public static void save(Path directory, Gpt2Config config, Gpt2Weights weights, Path tokenizerJson, SaveOptions options) {
        if (!config.equals(weights.config())) {
            throw new IllegalArgumentException("weights were made for " + weights.config() + ", not " + config);
        }
        try {
            Files.createDirectories(directory);
            int eosId = -1;
            if (tokenizerJson != null) {
                Path target = directory.resolve(HuggingFaceTextTokenizer.FILE_NAME);
                if (!Files.isRegularFile(tokenizerJson)) {
                    throw new MissingModelFileException(tokenizerJson + " does not exist");
                }
                if (!Files.exists(target) || !Files.isSameFile(tokenizerJson, target)) {
                    // Bytes only: Files.copy would carry over a read-only source's permissions.
                    Files.write(target, Files.readAllBytes(tokenizerJson));
                }
                try (TextTokenizer tokenizer = HuggingFaceTextTokenizer.load(target)) {
                    eosId = tokenizer.eosId();
                }
            }
            ModelConfigJson.write(directory.resolve(ModelConfigJson.FILE_NAME), config, eosId);
            Map<String, NDArray> named = new TreeMap<>();
            weights.asMap().forEach((name, tensor) -> named.put(PREFIX + name, tensor));
            Files.deleteIfExists(directory.resolve(WEIGHTS_FILE));
            Files.deleteIfExists(directory.resolve(INDEX_FILE));
            List<Map<String, NDArray>> shards = shard(named, options);
            Map<String, String> metadata = Map.of("format", "pt");
            if (shards.size() == 1) {
                SafetensorsWriter.write(directory.resolve(WEIGHTS_FILE), shards.get(0), options.dtype(), metadata);
                return;
            }
            ObjectNode index = JSON.createObjectNode();
            long total = 0;
            ObjectNode weightMap = JSON.createObjectNode();
            for (int i = 0; i < shards.size(); i++) {
                String fileName = String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size());
                SafetensorsWriter.write(directory.resolve(fileName), shards.get(i), options.dtype(), metadata);
                for (Map.Entry<String, NDArray> entry : shards.get(i).entrySet()) {
                    weightMap.put(entry.getKey(), fileName);
                    total += entry.getValue().size() * options.dtype().bytes();
                }
            }
            index.putObject("metadata").put("total_size", total);
            // Shards are consecutive runs of the sorted names, so weightMap is already sorted.
            index.set("weight_map", weightMap);
            Files.writeString(directory.resolve(INDEX_FILE), JSON.writeValueAsString(index) + "\n");
        } catch (IOException e) {
            throw new ModelIoException(directory + ": cannot be written: " + e.getMessage(), e);
        }
    }

    private record WeightsRead(Gpt2Weights weights, SafetensorsDtype dtype) {
    }

    private static WeightsRead readWeights(Path directory, Gpt2Config config, NDManager manager) {
        List<Path> files = weightFiles(directory);
        Map<String, String> expectedShard = null;
        Path index = directory.resolve(INDEX_FILE);
        if (files.size() > 1 || !files.get(0).getFileName().toString().equals(WEIGHTS_FILE)) {
            expectedShard = readIndex(index);
        }
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        Set<SafetensorsDtype> dtypes = EnumSet.noneOf(SafetensorsDtype.class);
        try {
            for (Path file : files) {
                for (TensorEntry entry : SafetensorsReader.header(file).entries()) {
                    dtypes.add(entry.dtype());
                }
                for (Map.Entry<String, NDArray> entry : SafetensorsReader.read(file, manager).entrySet()) {
                    String name = entry.getKey().startsWith(PREFIX) ? entry.getKey().substring(PREFIX.length()) : entry.getKey();
                    if (isIgnored(name)) {
                        entry.getValue().close();
                        continue;
                    }
                    if (expectedShard != null && !file.getFileName().toString().equals(expectedShard.get(entry.getKey()))) {
                        throw new ModelIoException(file + ": tensor '" + entry.getKey() + "' is not listed for this shard in " + INDEX_FILE);
                    }
                    if (tensors.put(name, entry.getValue()) != null) {
                        throw new ModelIoException(file + ": tensor '" + name + "' appears twice");
                    }
                    checkShape(file, config, name, entry.getValue());
                }
            }
            for (String name : Gpt2Weights.names(config)) {
                if (!tensors.containsKey(name)) {
                    throw new ModelIoException(directory + ": weight '" + name + "' is missing");
                }
            }
            for (String name : tensors.keySet()) {
                if (!Gpt2Weights.names(config).contains(name)) {
                    throw new UnsupportedModelException(directory + ": weight '" + name + "' is not part of a GPT-2");
                }
            }
        } catch (RuntimeException e) {
            tensors.values().forEach(NDArray::close);
            throw e;
        }
        SafetensorsDtype dtype = dtypes.size() == 1 ? dtypes.iterator().next() : SafetensorsDtype.F32;
        return new WeightsRead(new Gpt2Weights(config, tensors), dtype);
    }

    private static boolean isIgnored(String name) {
        return name.equals("lm_head.weight") || name.endsWith(".attn.bias") || name.endsWith(".attn.masked_bias");
    }

    private static void checkShape(Path file, Gpt2Config config, String name, NDArray tensor) {
        if (!Gpt2Weights.names(config).contains(name)) {
            return;
        }
        if (!tensor.getShape().equals(Gpt2Weights.expectedShape(config, name))) {
            throw new ModelIoException(file + ": tensor '" + name + "' has shape " + tensor.getShape()
                    + " but config.json implies " + Gpt2Weights.expectedShape(config, name));
        }
    }

    /** weight_map of an index file: tensor name to shard file name. */
    private static Map<String, String> readIndex(Path index) {
        JsonNode root;
        try {
            root = JSON.readTree(index.toFile());
        } catch (IOException e) {
            throw new ModelIoException(index + ": is not valid JSON", e);
        }
        JsonNode weightMap = root == null ? null : root.get("weight_map");
        if (weightMap == null || !weightMap.isObject() || weightMap.isEmpty()) {
            throw new ModelIoException(index + ": has no weight_map");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = weightMap.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String shard = entry.getValue().asText();
            if (shard.contains("/") || shard.contains("\\") || shard.equals("..")) {
                throw new ModelIoException(index + ": shard name '" + shard + "' of '" + entry.getKey() + "' leaves the folder");
            }
            if (!Files.isRegularFile(index.resolveSibling(shard))) {
                throw new MissingModelFileException(index + ": shard '" + shard + "' of '" + entry.getKey() + "' does not exist");
            }
            map.put(entry.getKey(), shard);
        }
        return map;
    }

    /** Consecutive runs of the sorted tensors, each under maxShardBytes unless one tensor alone is larger. */
    private static List<Map<String, NDArray>> shard(Map<String, NDArray> sorted, SaveOptions options) {
        List<Map<String, NDArray>> shards = new ArrayList<>();
        Map<String, NDArray> current = new TreeMap<>();
        long bytes = 0;
        for (Map.Entry<String, NDArray> entry : sorted.entrySet()) {
            long size = entry.getValue().size() * options.dtype().bytes();
            if (!current.isEmpty() && bytes + size > options.maxShardBytes()) {
                shards.add(current);
                current = new TreeMap<>();
                bytes = 0;
            }
            current.put(entry.getKey(), entry.getValue());
            bytes += size;
        }
        shards.add(current);
        return shards;
    }
}
