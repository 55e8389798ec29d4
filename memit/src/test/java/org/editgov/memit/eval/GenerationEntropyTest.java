package org.editgov.memit.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GenerationEntropyTest {

    @Test
    void nGramEntropyIsInBitsOfTheNGramFrequencies() {
        List<String> words = GenerationEntropy.words("a b a b");

        // bigrams (a b) twice, (b a) once
        double expected = -(2.0 / 3 * Math.log(2.0 / 3) + 1.0 / 3 * Math.log(1.0 / 3)) / Math.log(2);
        assertThat(GenerationEntropy.nGramEntropy(words, 2)).isCloseTo(expected, within(1e-12));
        assertThat(GenerationEntropy.nGramEntropy(words, 3)).isCloseTo(1.0, within(1e-12));
        assertThat(GenerationEntropy.entropy(words)).isCloseTo((2.0 / 3 * expected + 4.0 / 3) / 2, within(1e-12));
    }

    @Test
    void repetitiveTextScoresLowerThanVariedText() {
        List<String> repetitive = GenerationEntropy.words("the cat the cat the cat the cat the cat the cat");
        List<String> varied = GenerationEntropy.words("the cat sat on a mat while dogs ran past, barking at birds.");

        assertThat(GenerationEntropy.entropy(repetitive)).isLessThan(GenerationEntropy.entropy(varied));
    }

    @Test
    void topKDrawsOnlyAmongTheKMostLikelyTokensAndIsSeeded() {
        float[] probabilities = {0.05f, 0.4f, 0.02f, 0.3f, 0.2f, 0.03f};
        SplittableRandom a = new SplittableRandom(9);
        SplittableRandom b = new SplittableRandom(9);
        for (int i = 0; i < 200; i++) {
            int token = GenerationEntropy.topK(probabilities, 3, a);
            assertThat(token).isIn(1, 3, 4);
            assertThat(GenerationEntropy.topK(probabilities, 3, b)).isEqualTo(token);
        }
    }
}
