package org.editgov.memit.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.editgov.memit.djl.Djl;
import org.editgov.memit.runtime.Gpt2Config;
import org.editgov.memit.runtime.Gpt2Model;
import org.editgov.memit.runtime.Gpt2Weights;
import org.editgov.memit.runtime.TokenBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelDirectoryTest {

    /** Sized for the fixture's 96-word tokenizer, small so the test is fast. */
    static final Gpt2Config CONFIG = Gpt2Config.of(96, 32, 16, 2, 2);

    @TempDir
    Path dir;

    NDManager manager;
    Gpt2Weights weights;

    @BeforeAll
    static void offline() {
        Djl.ensureOffline();
    }

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
        weights = Gpt2Weights.randomInit(CONFIG, manager, 42);
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void savedFolderLoadsBackBitIdenticallyAndComputesTheSameLogits() throws IOException {
        Path out = dir.resolve("model");
        ModelDirectory.save(out, CONFIG, weights, TestPaths.tinyTokenizerJson());

        assertThat(out.resolve("config.json")).exists();
        assertThat(out.resolve("model.safetensors")).exists();
        assertThat(out.resolve("tokenizer.json")).hasSameBinaryContentAs(TestPaths.tinyTokenizerJson());
        assertThat(SafetensorsReader.header(out.resolve("model.safetensors")).entries())
                .extracting(TensorEntry::name).contains("transformer.h.0.mlp.c_proj.weight").doesNotContain("lm_head.weight");

        try (LoadedModel loaded = ModelDirectory.load(out, manager)) {
            assertThat(loaded.config()).isEqualTo(CONFIG);
            assertThat(loaded.storedDtype()).isEqualTo(SafetensorsDtype.F32);
            assertSameBits(loaded.weights(), weights);
            int[] ids = loaded.tokenizer().encode("w5 w17 w3 w90");
            assertThat(ids).containsExactly(6, 18, 4, 91);
            assertThat(firstDifference(logits(loaded.model(), ids), logits(new Gpt2Model(CONFIG, weights), ids))).isEqualTo(-1);

            Path again = dir.resolve("again");
            ModelDirectory.save(again, loaded.config(), loaded.weights(), out.resolve("tokenizer.json"));
            for (String file : List.of("config.json", "model.safetensors", "tokenizer.json")) {
                assertThat(again.resolve(file)).hasSameBinaryContentAs(out.resolve(file));
            }
        }
    }

    @Test
    void configJsonHasTheHuggingFaceGpt2Keys() throws IOException {
        ModelDirectory.save(dir, CONFIG, weights, TestPaths.tinyTokenizerJson());
        String json = Files.readString(dir.resolve("config.json"));
        assertThat(json).contains("\"model_type\" : \"gpt2\"", "\"GPT2LMHeadModel\"", "\"n_embd\" : 16",
                "\"n_layer\" : 2", "\"n_head\" : 2", "\"n_positions\" : 32", "\"vocab_size\" : 96",
                "\"activation_function\" : \"gelu_new\"", "\"layer_norm_epsilon\" : 1.0E-5", "\"eos_token_id\" : 0");
        assertThat(ModelConfigJson.read(dir.resolve("config.json"))).isEqualTo(CONFIG);
    }

    @Test
    void shardedFolderLoadsTheSameWeights() throws IOException {
        ModelDirectory.save(dir, CONFIG, weights, TestPaths.tinyTokenizerJson(), new SaveOptions(SafetensorsDtype.F32, 6_000));

        assertThat(dir.resolve("model.safetensors")).doesNotExist();
        assertThat(dir.resolve("model.safetensors.index.json")).exists();
        List<String> shards;
        try (Stream<Path> files = Files.list(dir)) {
            shards = files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("model-")).sorted().toList();
        }
        // Every shard stays within 6,000 bytes, except one holding a single larger tensor (wte, 6,144).
        assertThat(shards).hasSizeGreaterThan(2);
        for (int i = 0; i < shards.size(); i++) {
            assertThat(shards.get(i)).isEqualTo(String.format("model-%05d-of-%05d.safetensors", i + 1, shards.size()));
            List<TensorEntry> entries = SafetensorsReader.header(dir.resolve(shards.get(i))).entries();
            long dataBytes = entries.stream().mapToLong(e -> e.end() - e.begin()).sum();
            assertThat(dataBytes <= 6_000 || entries.size() == 1).as(shards.get(i)).isTrue();
        }
        try (LoadedModel loaded = ModelDirectory.load(dir, manager)) {
            assertSameBits(loaded.weights(), weights);
        }
    }

    @Test
    void halfPrecisionFoldersRoundTripExactlyOnceRounded() throws IOException {
        for (SafetensorsDtype dtype : List.of(SafetensorsDtype.F16, SafetensorsDtype.BF16)) {
            Path first = dir.resolve(dtype + "-1");
            Path second = dir.resolve(dtype + "-2");
            ModelDirectory.save(first, CONFIG, weights, TestPaths.tinyTokenizerJson(), new SaveOptions(dtype, Long.MAX_VALUE));
            assertThat(Files.size(first.resolve("model.safetensors")))
                    .isLessThan(CONFIG.parameterCount() * 2 + 10_000);
            try (LoadedModel loaded = ModelDirectory.load(first, manager)) {
                assertThat(loaded.storedDtype()).isEqualTo(dtype);
                NDArray original = weights.get("h.1.mlp.c_fc.weight");
                NDArray rounded = loaded.weights().get("h.1.mlp.c_fc.weight");
                float maxRelative = rounded.sub(original).abs().div(original.abs().add(1e-6f)).max().getFloat();
                assertThat(maxRelative).isGreaterThan(0f).isLessThan(dtype == SafetensorsDtype.F16 ? 1e-3f : 1e-2f);
                ModelDirectory.save(second, loaded.config(), loaded.weights(), first.resolve("tokenizer.json"),
                        new SaveOptions(dtype, Long.MAX_VALUE));
            }
            assertThat(second.resolve("model.safetensors")).hasSameBinaryContentAs(first.resolve("model.safetensors"));
        }
    }

    @Test
    void acceptsNamesWithoutPrefixAndSkipsMaskBuffersAndTiedHead() throws IOException {
        ModelConfigJson.write(dir.resolve("config.json"), CONFIG, 0);
        Files.copy(TestPaths.tinyTokenizerJson(), dir.resolve("tokenizer.json"));
        Map<String, NDArray> tensors = new TreeMap<>(weights.asMap());
        tensors.put("h.0.attn.bias", manager.ones(new ai.djl.ndarray.types.Shape(1, 1, 32, 32)));
        tensors.put("lm_head.weight", weights.get("wte.weight"));
        SafetensorsWriter.write(dir.resolve("model.safetensors"), tensors, SafetensorsDtype.F32, Map.of());

        try (LoadedModel loaded = ModelDirectory.load(dir, manager)) {
            assertSameBits(loaded.weights(), weights);
        }
    }

    @Test
    void unsupportedArchitectureIsNamed() throws IOException {
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"llama\", \"hidden_size\": 16}");
        assertThatThrownBy(() -> ModelDirectory.load(dir, manager))
                .isInstanceOf(UnsupportedModelException.class)
                .hasMessageContaining("config.json").hasMessageContaining("model_type 'llama'").hasMessageContaining("gpt2");
    }

    @Test
    void missingFilesAreNamed() throws IOException {
        assertThatThrownBy(() -> ModelDirectory.load(dir.resolve("nowhere"), manager))
                .isInstanceOf(MissingModelFileException.class).hasMessageContaining("nowhere");
        assertThatThrownBy(() -> ModelDirectory.load(dir, manager))
                .isInstanceOf(MissingModelFileException.class).hasMessageContaining("config.json");
        ModelConfigJson.write(dir.resolve("config.json"), CONFIG, 0);
        assertThatThrownBy(() -> ModelDirectory.load(dir, manager))
                .isInstanceOf(MissingModelFileException.class).hasMessageContaining("tokenizer.json");
        Files.copy(TestPaths.tinyTokenizerJson(), dir.resolve("tokenizer.json"));
        assertThatThrownBy(() -> ModelDirectory.load(dir, manager))
                .isInstanceOf(MissingModelFileException.class).hasMessageContaining("model.safetensors");
    }

    @Test
    void weightsThatDoNotMatchTheConfigAreNamed() throws IOException {
        ModelDirectory.save(dir, CONFIG, weights, TestPaths.tinyTokenizerJson());
        ModelConfigJson.write(dir.resolve("config.json"), Gpt2Config.of(96, 32, 16, 3, 2), 0);
        assertThatThrownBy(() -> ModelDirectory.load(dir, manager))
                .isInstanceOf(ModelIoException.class).hasMessageContaining("'h.2.ln_1.weight' is missing");
        ModelConfigJson.write(dir.resolve("config.json"), Gpt2Config.of(96, 64, 16, 2, 2), 0);
        assertThatThrownBy(() -> ModelDirectory.load(dir, manager))
                .isInstanceOf(ModelIoException.class).hasMessageContaining("'wpe.weight' has shape (32, 16)");
    }

    @Test
    void tokenizerLargerThanTheVocabularyIsNamed() {
        Gpt2Config small = Gpt2Config.of(50, 32, 16, 1, 2);
        ModelDirectory.save(dir, small, Gpt2Weights.randomInit(small, manager, 1), TestPaths.tinyTokenizerJson());
        assertThatThrownBy(() -> ModelDirectory.load(dir, manager))
                .isInstanceOf(ModelIoException.class)
                .hasMessageContaining("tokenizer.json").hasMessageContaining("ids up to 95").hasMessageContaining("vocab_size is 50");
    }

    static float[] logits(Gpt2Model model, int[] ids) {
        try (NDManager step = model.weights().manager().newSubManager()) {
            TokenBatch batch = TokenBatch.rightPadded(step, List.of(ids), 0);
            return model.forward(batch.ids(), batch.mask()).toFloatArray();
        }
    }

    static void assertSameBits(Gpt2Weights actual, Gpt2Weights expected) {
        for (String name : Gpt2Weights.names(expected.config())) {
            assertThat(firstDifference(actual.get(name).toFloatArray(), expected.get(name).toFloatArray()))
                    .as("first differing element of " + name).isEqualTo(-1);
        }
    }

    /** Index of the first element whose bits differ (-1: none); assertj's diff of long arrays is quadratic. */
    static int firstDifference(float[] a, float[] b) {
        assertThat(a).hasSameSizeAs(b);
        for (int i = 0; i < a.length; i++) {
            if (Float.floatToRawIntBits(a[i]) != Float.floatToRawIntBits(b[i])) {
                return i;
            }
        }
        return -1;
    }
}
