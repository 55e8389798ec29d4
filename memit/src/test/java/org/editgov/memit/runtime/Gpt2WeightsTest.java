package org.editgov.memit.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.editgov.memit.djl.Djl;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class Gpt2WeightsTest {

    static final Gpt2Config CONFIG = Gpt2Config.of(500, 64, 64, 8, 4);

    NDManager manager;

    @BeforeAll
    static void offline() {
        Djl.ensureOffline();
    }

    @BeforeEach
    void setUp() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void tearDown() {
        manager.close();
    }

    @Test
    void randomInitIsSeededAndFollowsGpt2sScales() {
        Gpt2Weights a = Gpt2Weights.randomInit(CONFIG, manager, 3);
        Gpt2Weights b = Gpt2Weights.randomInit(CONFIG, manager, 3);
        Gpt2Weights c = Gpt2Weights.randomInit(CONFIG, manager, 4);
        assertThat(a.get("h.2.mlp.c_fc.weight").toFloatArray()).containsExactly(b.get("h.2.mlp.c_fc.weight").toFloatArray());
        assertThat(a.get("h.2.mlp.c_fc.weight").toFloatArray()).isNotEqualTo(c.get("h.2.mlp.c_fc.weight").toFloatArray());

        assertThat(std(a.get("wte.weight"))).isCloseTo(0.02, within(0.001));
        assertThat(std(a.get("h.0.mlp.c_fc.weight"))).isCloseTo(0.02, within(0.001));
        assertThat(std(a.get("h.0.mlp.c_proj.weight"))).isCloseTo(0.02 / Math.sqrt(16), within(0.0005));
        assertThat(std(a.get("h.0.attn.c_proj.weight"))).isCloseTo(0.02 / Math.sqrt(16), within(0.0005));
        assertThat(a.get("h.0.ln_1.weight").toFloatArray()).containsOnly(1f);
        assertThat(a.get("h.0.attn.c_attn.bias").toFloatArray()).containsOnly(0f);
        assertThat(a.parameterCount()).isEqualTo(CONFIG.parameterCount());
        assertThat(a.all()).hasSize(2 + 12 * CONFIG.nLayer() + 2);
    }

    @Test
    void replaceChecksShapeAndCopyIsIndependent() {
        Gpt2Weights weights = Gpt2Weights.randomInit(CONFIG, manager, 1);
        assertThatThrownBy(() -> weights.replace("h.0.mlp.c_proj.weight", manager.zeros(new Shape(64, 256))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(256, 64)");
        assertThatThrownBy(() -> weights.get("h.9.mlp.c_proj.weight")).isInstanceOf(IllegalArgumentException.class);

        try (NDManager other = NDManager.newBaseManager()) {
            Gpt2Weights copy = weights.copy(other);
            float before = weights.get("ln_f.bias").getFloat(0);
            copy.get("ln_f.bias").addi(1f);
            assertThat(weights.get("ln_f.bias").getFloat(0)).isEqualTo(before);
            assertThat(copy.get("ln_f.bias").getFloat(0)).isEqualTo(before + 1f);
        }
    }

    private static double std(NDArray array) {
        float[] values = array.toFloatArray();
        double sum = 0;
        double squares = 0;
        for (float v : values) {
            sum += v;
            squares += (double) v * v;
        }
        double mean = sum / values.length;
        return Math.sqrt(squares / values.length - mean * mean);
    }
}
