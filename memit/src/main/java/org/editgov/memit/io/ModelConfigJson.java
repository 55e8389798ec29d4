package org.editgov.memit.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.editgov.memit.runtime.Gpt2Config;

/**
 * Hugging Face {@code config.json} for GPT-2 ({@code model_type} "gpt2"). Reading rejects, by
 * name, every setting the runtime would silently get wrong; writing produces what
 * {@code GPT2LMHeadModel.save_pretrained} writes for the fields that matter.
 */
public final class ModelConfigJson {

    public static final String FILE_NAME = "config.json";

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelConfigJson() {
    }

    public static Gpt2Config read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(Files.readString(file, StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            throw new MissingModelFileException(file + " does not exist");
        } catch (IOException e) {
            throw new ModelIoException(file + ": is not valid JSON: " + firstLine(e.getMessage()), e);
        }
        if (root == null || !root.isObject()) {
            throw new ModelIoException(file + ": is not a JSON object");
        }
        String modelType = root.path("model_type").asText("");
        if (!modelType.equals("gpt2")) {
            throw new UnsupportedModelException(file + ": model_type '" + modelType
                    + "' is not supported yet (supported: gpt2)");
        }
        String activation = root.path("activation_function").asText(Gpt2Config.GELU_NEW);
        if (!activation.equals(Gpt2Config.GELU_NEW)) {
            throw new UnsupportedModelException(file + ": activation_function '" + activation
                    + "' is not supported (supported: gelu_new)");
        }
        int nEmbd = intField(file, root, "n_embd");
        JsonNode nInnerNode = root.path("n_inner");
        int nInner = nInnerNode.isMissingNode() || nInnerNode.isNull() ? 4 * nEmbd : intField(file, root, "n_inner");
        for (String flag : new String[] {"scale_attn_by_inverse_layer_idx", "reorder_and_upcast_attn", "add_cross_attention"}) {
            if (root.path(flag).asBoolean(false)) {
                throw new UnsupportedModelException(file + ": " + flag + " = true is not supported");
            }
        }
        if (!root.path("scale_attn_weights").asBoolean(true)) {
            throw new UnsupportedModelException(file + ": scale_attn_weights = false is not supported");
        }
        if (!root.path("tie_word_embeddings").asBoolean(true)) {
            throw new UnsupportedModelException(file + ": tie_word_embeddings = false is not supported");
        }
        try {
            return new Gpt2Config(intField(file, root, "vocab_size"), intField(file, root, "n_positions"), nEmbd,
                    intField(file, root, "n_layer"), intField(file, root, "n_head"),
                    root.path("layer_norm_epsilon").asDouble(Gpt2Config.DEFAULT_LAYER_NORM_EPSILON), activation, nInner);
        } catch (IllegalArgumentException e) {
            throw new ModelIoException(file + ": " + e.getMessage(), e);
        }
    }

    /** Writes config.json; {@code eosId} (or -1) becomes {@code bos_token_id} and {@code eos_token_id} as in GPT-2. */
    public static void write(Path file, Gpt2Config config, int eosId) {
        ObjectNode root = JSON.createObjectNode();
        root.put("activation_function", config.activation());
        root.putArray("architectures").add("GPT2LMHeadModel");
        root.put("attn_pdrop", 0.0);
        if (eosId >= 0) {
            root.put("bos_token_id", eosId);
        }
        root.put("embd_pdrop", 0.0);
        if (eosId >= 0) {
            root.put("eos_token_id", eosId);
        }
        root.put("initializer_range", 0.02);
        root.put("layer_norm_epsilon", config.layerNormEpsilon());
        root.put("model_type", "gpt2");
        root.put("n_ctx", config.nPositions());
        root.put("n_embd", config.nEmbd());
        root.put("n_head", config.nHead());
        if (config.nInner() == 4 * config.nEmbd()) {
            root.putNull("n_inner"); // what Hugging Face writes for the default width
        } else {
            root.put("n_inner", config.nInner());
        }
        root.put("n_layer", config.nLayer());
        root.put("n_positions", config.nPositions());
        root.put("resid_pdrop", 0.0);
        root.put("scale_attn_weights", true);
        root.put("tie_word_embeddings", true);
        root.put("torch_dtype", "float32");
        root.put("vocab_size", config.vocabSize());
        try {
            Files.writeString(file, JSON.writeValueAsString(root) + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ModelIoException(file + ": cannot be written: " + e.getMessage(), e);
        }
    }

    private static int intField(Path file, JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || !node.canConvertToInt() || !node.isIntegralNumber()) {
            throw new ModelIoException(file + ": '" + name + "' is missing or not an integer");
        }
        return node.asInt();
    }

    private static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }
}
