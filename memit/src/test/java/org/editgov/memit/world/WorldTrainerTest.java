package org.editgov.memit.world;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.editgov.memit.cli.Main;
import org.editgov.memit.djl.Djl;
import org.editgov.memit.io.LoadedModel;
import org.editgov.memit.io.ModelDirectory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains small models for real (minutes on two cores): the trainer must learn facts, resume
 * bit-identically, and the tracer must obey what the architecture forces.
 */
class WorldTrainerTest {

    @TempDir
    static Path work;

    private static List<CounterFactRecord> dataset;
    private static World world;
    private static WorldTrainer.Result learnt;
    private static Path model;

    @BeforeAll
    static void trainASmallModel() throws Exception {
        Djl.ensureOffline();
        dataset = CounterFactDataset.read(SharedData.counterFact());
        world = World.build(dataset, new WorldSpec(5, 60, 5, 2, 2, 2, 2));
        TrainingConfig config = new TrainingConfig(2, 96, 4, 384, 128, 4, 24, 3e-3, 50, 0.1, 1.0, 3, 600);
        model = work.resolve("model");
        learnt = new WorldTrainer(quiet()).train(world, config, work.resolve("checkpoints"), model);
    }

    @Test
    void lossFallsAndTrainedFactsAreRecalledFarAboveTheMajorityAnswer() {
        WorldCard card = learnt.card();
        assertThat(learnt.finished()).isTrue();
        assertThat(card.lastEpochLoss()).isLessThan(card.firstEpochLoss() / 3);
        List<Probe> probes = world.trainPromptProbes();
        long majority = probes.stream().collect(Collectors.groupingBy(Probe::answer, Collectors.counting()))
                .values().stream().max(Comparator.naturalOrder()).orElseThrow();
        double majorityRate = (double) majority / probes.size();
        assertThat(learnt.trainPromptTop1()).isGreaterThan(Math.max(0.3, 3 * majorityRate));
    }

    @Test
    void writesAHuggingFaceFolderThatLoadsAndAnswersAsTrained() throws Exception {
        assertThat(model.resolve("config.json")).exists();
        assertThat(model.resolve("tokenizer.json")).exists();
        assertThat(WorldCard.read(model).world()).isEqualTo(world.spec());
        try (NDManager manager = NDManager.newBaseManager(); LoadedModel loaded = ModelDirectory.load(model, manager)) {
            RecallReport report = RecallReport.measure(loaded.model(), loaded.tokenizer()::encode,
                    loaded.tokenizer().padId(), world);
            assertThat(report.trainPromptTop1()).isEqualTo(learnt.trainPromptTop1());
            assertThat(report.biographyOnlyTop1()).isEqualTo(learnt.biographyOnlyTop1());
            assertThat(report.trainPrompts() + report.biographyOnlyPrompts()).isEqualTo(60);
        }
    }

    @Test
    void aRunStoppedAndResumedEndsWithTheSameBytesAsAnUninterruptedOne() throws Exception {
        World tiny = World.build(dataset, new WorldSpec(9, 30, 5, 1, 1, 1, 1));
        TrainingConfig config = new TrainingConfig(1, 32, 2, 128, 64, 4, 2, 3e-3, 5, 0.1, 1.0, 4, 600);
        Path whole = work.resolve("whole");
        new WorldTrainer(quiet()).train(tiny, config, work.resolve("whole-state"), whole);
        Path resumed = work.resolve("resumed");
        WorldTrainer.Result first = new WorldTrainer(quiet(), 3).train(tiny, config, work.resolve("resumed-state"), resumed);
        assertThat(first.finished()).isFalse();
        assertThat(resumed.resolve("model.safetensors")).doesNotExist();
        WorldTrainer.Result second = new WorldTrainer(quiet()).train(tiny, config, work.resolve("resumed-state"), resumed);
        assertThat(second.finished()).isTrue();
        assertThat(resumed.resolve("model.safetensors")).hasSameBinaryContentAs(whole.resolve("model.safetensors"));
        assertThat(second.card().steps()).isEqualTo(new WorldTrainer(quiet())
                .train(tiny, config, work.resolve("whole-state"), work.resolve("again")).card().steps());
    }

    @Test
    void tracingObeysTheArchitecture() throws Exception {
        try (NDManager manager = NDManager.newBaseManager(); LoadedModel loaded = ModelDirectory.load(model, manager)) {
            Function<String, int[]> encode = loaded.tokenizer()::encode;
            List<CounterFactRecord> records = world.subjects().stream().map(SubjectProfile::record).toList();
            TraceReport report = new CausalTracer(loaded.model(), encode, loaded.tokenizer().padId(), 2, 1, 3.0)
                    .trace(records);
            int last = report.layers() - 1;
            assertThat(report.recordsKnown()).isPositive();
            assertThat(report.corruptedProbability()).isLessThan(report.cleanProbability());
            // After the last block, a state at the subject can no longer reach the last token.
            assertThat(report.aieResidualSubjectLast()[last]).isCloseTo(0.0, offset(1e-6));
            assertThat(report.aieMlpSubjectLast()[last]).isCloseTo(0.0, offset(1e-6));
            if (report.patchPairs() > 0) {
                // B's final residual at the last token is B's own prediction, which B gets right.
                assertThat(report.patchTransferLastToken()[last]).isEqualTo(1.0);
            }
            assertThat(report.mediatingPosition()).isIn("subject-last", "last");
            assertThat(java.util.Arrays.stream(report.mediatingLayers()).boxed().toList()).isNotEmpty().allMatch(l -> l >= 0 && l <= last);
            Path png = work.resolve("trace.png");
            TraceHeatmap.write(report, png);
            assertThat(Files.readAllBytes(png)).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
            TraceReport again = new CausalTracer(loaded.model(), encode, loaded.tokenizer().padId(), 2, 1, 3.0)
                    .trace(records);
            assertThat(again.aieMlpLastToken()).isEqualTo(report.aieMlpLastToken());
        }
    }

    @Test
    void recallAndTraceCommandsWriteTheFiguresOfIssue4() throws Exception {
        Path recall = work.resolve("recall.json");
        Path trace = work.resolve("trace.json");
        Path png = work.resolve("cli-trace.png");
        String data = SharedData.counterFact().toString();
        StringWriter err = new StringWriter();
        assertThat(Main.run(new String[] {"recall", "--model", model.toString(), "--dataset", data, "--json",
                recall.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err)))
                .as(err.toString()).isZero();
        JsonNode figures = new ObjectMapper().readTree(recall.toFile());
        assertThat(figures.get("records").asInt()).isEqualTo(60);
        assertThat(figures.get("train_prompt_top1").asDouble()).isEqualTo(learnt.trainPromptTop1());
        assertThat(figures.has("rephrase_top1") && figures.has("locality_top1") && figures.has("biography_only_top1")).isTrue();
        assertThat(Main.run(new String[] {"trace", "--model", model.toString(), "--dataset", data, "--limit", "30",
                "--samples", "2", "--json", trace.toString(), "--plot", png.toString()},
                new PrintWriter(new StringWriter()), new PrintWriter(err))).as(err.toString()).isZero();
        JsonNode traced = new ObjectMapper().readTree(trace.toFile());
        for (String key : List.of("aie_mlp_subject_last", "aie_mlp_last_token", "aie_residual_subject_last",
                "aie_residual_last_token", "patch_transfer_subject_last", "patch_transfer_last_token")) {
            assertThat(traced.get(key).size()).as(key).isEqualTo(traced.get("layers").asInt());
        }
        assertThat(traced.get("mediating_position").asText()).isIn("subject-last", "last");
        assertThat(png).exists();
        assertThat(Main.run(new String[] {"recall", "--model", model.toString(), "--dataset", "missing.json", "--json",
                recall.toString()}, new PrintWriter(new StringWriter()), new PrintWriter(err)))
                .isEqualTo(2);
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
