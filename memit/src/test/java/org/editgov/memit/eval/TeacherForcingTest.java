package org.editgov.memit.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.util.List;
import org.editgov.memit.djl.Djl;
import org.editgov.memit.runtime.Generator;
import org.editgov.memit.runtime.Gpt2Config;
import org.editgov.memit.runtime.Gpt2Model;
import org.editgov.memit.runtime.Gpt2Weights;
import org.junit.jupiter.api.Test;

class TeacherForcingTest {

    @Test
    void nllAndArgmaxAgreeWithTheRuntimesGenerator() {
        Djl.ensureOffline();
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt2Config config = Gpt2Config.of(40, 16, 16, 2, 2);
            Gpt2Model model = new Gpt2Model(config, Gpt2Weights.randomInit(config, manager, 3));
            List<int[]> prompts = List.of(new int[] {1, 2, 3}, new int[] {7}, new int[] {4, 4, 4, 4, 9});
            List<int[]> continuations = List.of(new int[] {5}, new int[] {8, 9, 10}, new int[] {11, 12});

            List<TeacherForcing.Score> scores = TeacherForcing.score(model, 0, prompts, continuations);
            double[] expected = new Generator(model, 0).meanNll(prompts, continuations);

            for (int i = 0; i < 3; i++) {
                assertThat(scores.get(i).nll()).isCloseTo(expected[i], within(1e-4));
            }
            float[] next = new Generator(model, 0).nextTokenProbabilities(List.of(new int[] {7, 8}))[0];
            assertThat(scores.get(1).argmax()[1]).isEqualTo(argMax(next));
        }
    }

    static int argMax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
