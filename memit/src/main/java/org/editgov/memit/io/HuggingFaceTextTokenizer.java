package org.editgov.memit.io;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} run by DJL's binding of the Rust tokenizers library,
 * loaded from a file (never from the hub). Vocabulary size and special ids are read from the
 * same JSON, which the binding does not expose.
 */
public final class HuggingFaceTextTokenizer implements TextTokenizer {

    public static final String FILE_NAME = "tokenizer.json";

    private static final List<String> EOS_TOKENS = List.of("<|endoftext|>", "</s>", "<eos>", "[EOS]");
    private static final List<String> PAD_TOKENS = List.of("<pad>", "[PAD]", "<|pad|>");

    private final HuggingFaceTokenizer tokenizer;
    private final int vocabSize;
    private final int eosId;
    private final int padId;
    private final int unknownId;

    private HuggingFaceTextTokenizer(HuggingFaceTokenizer tokenizer, int vocabSize, int eosId, int padId, int unknownId) {
        this.tokenizer = tokenizer;
        this.vocabSize = vocabSize;
        this.eosId = eosId;
        this.padId = padId;
        this.unknownId = unknownId;
    }

    public static HuggingFaceTextTokenizer load(Path tokenizerJson) {
        if (!Files.isRegularFile(tokenizerJson)) {
            throw new MissingModelFileException(tokenizerJson + " does not exist");
        }
        JsonNode root = readJson(tokenizerJson);
        Map<String, Integer> ids = tokenIds(tokenizerJson, root);
        int vocabSize = ids.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        int eosId = firstPresent(ids, EOS_TOKENS, -1);
        int padId = firstPresent(ids, PAD_TOKENS, eosId >= 0 ? eosId : 0);
        // WordLevel, WordPiece and Unigram name their unknown token in model.unk_token (BPE may too, or null).
        JsonNode unkToken = root.path("model").path("unk_token");
        int unknownId = unkToken.isTextual() ? ids.getOrDefault(unkToken.asText(), -1) : -1;
        Map<String, String> options = new HashMap<>();
        options.put("addSpecialTokens", "false");
        options.put("truncation", "false");
        options.put("padding", "false");
        try {
            return new HuggingFaceTextTokenizer(HuggingFaceTokenizer.newInstance(tokenizerJson, options), vocabSize, eosId, padId,
                    unknownId);
        } catch (IOException | RuntimeException e) {
            throw new ModelIoException(tokenizerJson + ": is not a tokenizer DJL can load: " + e.getMessage(), e);
        }
    }

    @Override
    public int[] encode(String text) {
        Encoding encoding = tokenizer.encode(text, false, false);
        long[] ids = encoding.getIds();
        int[] result = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            result[i] = Math.toIntExact(ids[i]);
        }
        return result;
    }

    @Override
    public String decode(int[] ids) {
        long[] wide = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            wide[i] = ids[i];
        }
        return tokenizer.decode(wide, false);
    }

    @Override
    public int vocabSize() {
        return vocabSize;
    }

    @Override
    public int eosId() {
        return eosId;
    }

    @Override
    public int padId() {
        return padId;
    }

    @Override
    public int unknownId() {
        return unknownId;
    }

    @Override
    public void close() {
        tokenizer.close();
    }

    /** Token to id from model.vocab (an object for BPE and WordLevel, [token, score] pairs for Unigram) and added_tokens. */
    private static Map<String, Integer> tokenIds(Path file, JsonNode root) {
        Map<String, Integer> ids = new HashMap<>();
        JsonNode vocab = root.path("model").path("vocab");
        if (vocab.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = vocab.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> entry = it.next();
                ids.put(entry.getKey(), entry.getValue().asInt());
            }
        } else if (vocab.isArray()) {
            for (int i = 0; i < vocab.size(); i++) {
                ids.put(vocab.get(i).path(0).asText(), i);
            }
        } else {
            throw new ModelIoException(file + ": has no model.vocab");
        }
        for (JsonNode added : root.path("added_tokens")) {
            ids.put(added.path("content").asText(), added.path("id").asInt());
        }
        return ids;
    }

    private static JsonNode readJson(Path file) {
        try {
            return new ObjectMapper().readTree(file.toFile());
        } catch (IOException e) {
            throw new ModelIoException(file + ": is not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
    }

    private static int firstPresent(Map<String, Integer> ids, List<String> tokens, int fallback) {
        for (String token : tokens) {
            Integer id = ids.get(token);
            if (id != null) {
                return id;
            }
        }
        return fallback;
    }
}
