package org.editgov.memit.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.editgov.memit.runtime.Hooks;
import org.editgov.memit.runtime.TokenBatch;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CovarianceStatsTest {

    static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path folder;

    TinyWorld world;

    @BeforeEach
    void setUp() {
        world = new TinyWorld(folder, 4);
    }

    @AfterEach
    void tearDown() {
        world.close();
    }

    @Test
    void secondMomentIsTheMeanOuterProductOfEveryRealTokensKey() {
        Corpus corpus = Corpus.of("two", List.of(TinyWorld.SENTENCES.get(0), TinyWorld.SENTENCES.get(4)));
        CovarianceStats stats = new CovarianceStats(folder.resolve("stats"), QUIET);

        DMatrixRMaj c = stats.secondMoments(world.model, "m", world.tokenizer, corpus, List.of(1), 10).moments().get(1);

        int width = world.config.mlpWidth();
        double[] expected = new double[width * width];
        int tokens = 0;
        for (String sentence : List.of(TinyWorld.SENTENCES.get(0), TinyWorld.SENTENCES.get(4))) {
            try (NDManager step = NDManager.newBaseManager()) {
                TokenBatch batch = TokenBatch.rightPadded(step, List.of(world.tokenizer.encode(sentence)), 0);
                Hooks hooks = new Hooks().captureMlpKeys(1);
                world.model.hidden(batch.ids(), batch.mask(), hooks);
                float[] keys = hooks.mlpKeys(1).toFloatArray();
                int length = batch.lengths()[0];
                for (int t = 0; t < length; t++) {
                    for (int i = 0; i < width; i++) {
                        for (int j = 0; j < width; j++) {
                            expected[i * width + j] += (double) keys[t * width + i] * keys[t * width + j];
                        }
                    }
                }
                tokens += length;
            }
        }
        for (int i = 0; i < expected.length; i++) {
            assertThat(c.data[i]).isCloseTo(expected[i] / tokens, within(1e-5 + 1e-4 * Math.abs(expected[i] / tokens)));
        }
    }

    @Test
    void theSecondRunReadsTheCacheKeyedByModelLayerCorpusAndSamples() {
        CovarianceStats stats = new CovarianceStats(folder.resolve("stats"), QUIET);
        Corpus corpus = TinyWorld.corpus();

        CovarianceStats.Result first = stats.secondMoments(world.model, "abc", world.tokenizer, corpus, List.of(0, 2), 20);
        CovarianceStats.Result second = stats.secondMoments(world.model, "abc", world.tokenizer, corpus, List.of(0, 2), 20);
        CovarianceStats.Result otherCount = stats.secondMoments(world.model, "abc", world.tokenizer, corpus, List.of(2), 10);

        assertThat(first.cachedLayers()).isZero();
        assertThat(second.cachedLayers()).isEqualTo(2);
        assertThat(otherCount.cachedLayers()).isZero();
        assertThat(second.moments().get(2).data).containsExactly(first.moments().get(2).data);
        assertThat(Files.isRegularFile(stats.cacheFile("abc", 0, corpus, 20))).isTrue();
    }

    @Test
    void aTruncatedCacheFileIsRecomputedAndReplacedNotTrusted() throws IOException {
        CovarianceStats stats = new CovarianceStats(folder.resolve("stats"), QUIET);
        Corpus corpus = TinyWorld.corpus();
        CovarianceStats.Result first = stats.secondMoments(world.model, "abc", world.tokenizer, corpus, List.of(1), 20);
        Path file = stats.cacheFile("abc", 1, corpus, 20);
        // What a run killed while writing in place would have left: the first half of the file.
        byte[] whole = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(whole, whole.length / 2));

        CovarianceStats.Result second = stats.secondMoments(world.model, "abc", world.tokenizer, corpus, List.of(1), 20);
        CovarianceStats.Result third = stats.secondMoments(world.model, "abc", world.tokenizer, corpus, List.of(1), 20);

        assertThat(second.cachedLayers()).isZero();
        assertThat(second.moments().get(1).data).containsExactly(first.moments().get(1).data);
        assertThat(Files.readAllBytes(file)).isEqualTo(whole);
        assertThat(third.cachedLayers()).isEqualTo(1);
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files.filter(p -> p.toString().endsWith(".partial"))).isEmpty();
        }
    }
}
