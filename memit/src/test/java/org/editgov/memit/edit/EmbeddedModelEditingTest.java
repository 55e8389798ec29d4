package org.editgov.memit.edit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.ndarray.NDManager;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.editgov.memit.djl.Djl;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.edit.requests.RequestFile;
import org.editgov.memit.eval.CounterFactMetrics;
import org.editgov.memit.eval.CounterFactScores;
import org.editgov.memit.eval.EditRun;
import org.editgov.memit.io.LoadedModel;
import org.editgov.memit.io.ModelDirectory;
import org.editgov.memit.world.WorldCorpus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real engine on the real embedded model: 100 CounterFact edits in one MEMIT batch at the
 * position and layers its trace names (the last subject token, layers 0-2), lambda 1e3: ES 88,
 * PS 83, NS 92 measured (models/embedded-gpt2/README.md). The floors below guard that level with
 * some room for other machines' float rounding; the targets (ES 95, PS 80, NS 70) are
 * for 1,000 edits. Runs where the model folder exists (built by {@code memit world-model}), and
 * is skipped, saying so, where it does not.
 */
class EmbeddedModelEditingTest {

    static final Path ROOT = Path.of(System.getProperty("editgov.root", "..")).toAbsolutePath().normalize();
    static final Path MODEL = ROOT.resolve(System.getProperty("editgov.embedded.model", "models/embedded-gpt2"));
    static final Path DATASET = ROOT.resolve("../shared/data/counterfact/counterfact-edit.json").normalize();
    static final int EDITS = 100;

    @TempDir
    Path folder;

    @Test
    void hundredEditsInOneBatchReachTheTargets() throws Exception {
        assumeTrue(Files.isRegularFile(MODEL.resolve("config.json")), "no embedded model at " + MODEL);
        Djl.ensureOffline();
        List<EditRequest> requests = RequestFile.read(DATASET).subList(0, EDITS);
        try (NDManager manager = NDManager.newBaseManager(); LoadedModel loaded = ModelDirectory.load(MODEL, manager)) {
            MediationTrace trace = MediationTrace.read(MODEL.resolve(MediationTrace.FILE_NAME));
            assertThat(trace.position()).isEqualTo(TokenPosition.SUBJECT_LAST);
            assertThat(trace.layers()).containsExactly(0, 1, 2);
            EditSettings settings = EditSettings.defaults(Method.MEMIT, trace.layers(), trace.position()).withLambda(1e3);
            EditRun run = new EditRun(folder.resolve("stats"), Corpus.of("world", WorldCorpus.trainingText(MODEL, DATASET, 0)),
                    100_000, 0, new PrintStream(OutputStream.nullOutputStream()));

            EditRun.Result result = run.run(loaded.model(), loaded.tokenizer(), requests, settings,
                    folder.resolve("delta.safetensors"));
            result.editor().close();

            CounterFactMetrics.Aggregates edited = result.report().edited();
            assertThat(result.report().unedited().es()).isLessThanOrEqualTo(10);
            assertThat(edited.es()).isGreaterThanOrEqualTo(ES_FLOOR);
            assertThat(edited.ps()).isGreaterThanOrEqualTo(PS_FLOOR);
            assertThat(edited.ns()).isGreaterThanOrEqualTo(NS_FLOOR);
        }
    }

    /**
     * 1,000 edits, the batch, at the setting that comes nearest its targets
     * (memit/README.md, the sweep): the last prompt token, layers 4-5, lambda 500. Two update
     * rounds measured ES 95.7, PS 80.0, NS 58.8 against one round's 88.4 / 72.2 / 65.3; the NS
     * target (70) is out of reach there, and the floors guard the measured level, not the target.
     */
    @Test
    void thousandEditsAtTheLastTokenWithTwoRoundsReachTheEfficacyAndParaphraseLevels() throws Exception {
        assumeTrue(Files.isRegularFile(MODEL.resolve("config.json")), "no embedded model at " + MODEL);
        Djl.ensureOffline();
        List<EditRequest> requests = RequestFile.read(DATASET).subList(0, 1000);
        PrintStream quiet = new PrintStream(OutputStream.nullOutputStream());
        try (NDManager manager = NDManager.newBaseManager(); LoadedModel loaded = ModelDirectory.load(MODEL, manager)) {
            EditSettings once = EditSettings.defaults(Method.MEMIT, List.of(4, 5), TokenPosition.LAST).withLambda(500);
            var moments = new CovarianceStats(folder.resolve("stats"), quiet).secondMoments(loaded.model(),
                    CovarianceStats.modelHash(loaded.weights()), loaded.tokenizer(),
                    Corpus.of("world", WorldCorpus.trainingText(MODEL, DATASET, 0)), once.layers(), 100_000).moments();
            CounterFactScores before = CounterFactScores.measure(loaded.model(), loaded.tokenizer(), requests);

            Editor.Outcome first;
            CounterFactMetrics.Aggregates oneRound;
            try (Editor editor = new Editor(loaded.model(), loaded.tokenizer(), moments, new AlphaEditProjection(2e-2, 10), quiet)) {
                first = editor.edit(requests, once);
                oneRound = CounterFactMetrics.aggregate(CounterFactMetrics.rows(requests, before,
                        CounterFactScores.measure(editor.model(), loaded.tokenizer(), requests)));
            }
            CounterFactMetrics.Aggregates twoRounds;
            try (Editor editor = new Editor(loaded.model(), loaded.tokenizer(), moments, new AlphaEditProjection(2e-2, 10), quiet)) {
                Editor.Outcome second = editor.edit(requests, once.withRounds(2), first.targets());
                assertThat(second.targetReached()).isGreaterThan(first.targetReached());
                twoRounds = CounterFactMetrics.aggregate(CounterFactMetrics.rows(requests, before,
                        CounterFactScores.measure(editor.model(), loaded.tokenizer(), requests)));
            }

            assertThat(twoRounds.es()).as("two rounds %s, one round %s", twoRounds, oneRound).isGreaterThanOrEqualTo(93)
                    .isGreaterThan(oneRound.es() + 3);
            assertThat(twoRounds.ps()).isGreaterThanOrEqualTo(77);
            assertThat(twoRounds.ns()).isGreaterThanOrEqualTo(55);
        }
    }

    static final double ES_FLOOR = 80;
    static final double PS_FLOOR = 75;
    static final double NS_FLOOR = 82;
}
