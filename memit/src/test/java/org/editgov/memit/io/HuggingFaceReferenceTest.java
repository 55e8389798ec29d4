package org.editgov.memit.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.editgov.memit.djl.Djl;
import org.editgov.memit.runtime.TokenBatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Against Hugging Face itself: the fixture folder was written by transformers'
 * GPT2LMHeadModel.save_pretrained and the tokenizers library, with HF's logits for a
 * right-padded batch (see generate.py beside it).
 */
class HuggingFaceReferenceTest {

    NDManager manager;
    Path fixture;
    JsonNode expected;

    @BeforeAll
    static void offline() {
        Djl.ensureOffline();
    }

    @BeforeEach
    void setUp() throws Exception {
        manager = NDManager.newBaseManager();
        fixture = resource("hf-tiny-gpt2");
        expected = new ObjectMapper().readTree(fixture.resolve("expected.json").toFile());
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void logitsMatchHuggingFacesGpt2OnARightPaddedBatch() {
        try (LoadedModel loaded = ModelDirectory.load(fixture, manager)) {
            List<int[]> rows = new ArrayList<>();
            for (int b = 0; b < 2; b++) {
                int[] ids = loaded.tokenizer().encode(expected.get("texts").get(b).asText());
                assertThat(ids).containsExactly(intArray(expected.get("ids").get(b)));
                rows.add(ids);
            }
            TokenBatch batch = TokenBatch.rightPadded(manager, rows, loaded.tokenizer().padId());
            NDArray logits = loaded.model().forward(batch.ids(), batch.mask());
            int vocab = loaded.config().vocabSize();
            int length = Math.toIntExact(logits.getShape().get(1));
            float[] ours = logits.toFloatArray();
            for (int b = 0; b < rows.size(); b++) {
                JsonNode hf = expected.get("logits").get(b);
                for (int t = 0; t < rows.get(b).length; t++) {
                    for (int v = 0; v < vocab; v++) {
                        assertThat((double) ours[(b * length + t) * vocab + v]).as("row %d token %d id %d", b, t, v)
                                .isCloseTo(hf.get(t).get(v).asDouble(), within(1e-5));
                    }
                }
            }
        }
    }

    @Test
    void reExportKeepsHuggingFacesTensorsBitForBit(@TempDir Path out) {
        try (LoadedModel loaded = ModelDirectory.load(fixture, manager)) {
            ModelDirectory.save(out, loaded.config(), loaded.weights(), fixture.resolve("tokenizer.json"));
        }
        Map<String, NDArray> original = SafetensorsReader.read(fixture.resolve("model.safetensors"), manager);
        Map<String, NDArray> exported = SafetensorsReader.read(out.resolve("model.safetensors"), manager);
        assertThat(exported.keySet()).isEqualTo(original.keySet());
        for (Map.Entry<String, NDArray> entry : original.entrySet()) {
            assertThat(exported.get(entry.getKey()).getShape()).isEqualTo(entry.getValue().getShape());
            assertThat(ModelDirectoryTest.firstDifference(exported.get(entry.getKey()).toFloatArray(),
                    entry.getValue().toFloatArray())).as(entry.getKey()).isEqualTo(-1);
        }
        assertThat(ModelConfigJson.read(out.resolve("config.json"))).isEqualTo(ModelConfigJson.read(fixture.resolve("config.json")));
    }

    private Path resource(String name) throws URISyntaxException {
        return Path.of(getClass().getResource(name).toURI());
    }

    private static int[] intArray(JsonNode node) {
        int[] values = new int[node.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = node.get(i).asInt();
        }
        return values;
    }
}
