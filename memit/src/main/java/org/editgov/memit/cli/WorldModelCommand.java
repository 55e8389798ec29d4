package org.editgov.memit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.editgov.memit.world.TrainingConfig;
import org.editgov.memit.world.World;
import org.editgov.memit.world.WorldJson;
import org.editgov.memit.world.WorldSpec;
import org.editgov.memit.world.WorldTrainer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code memit world-model}: the embedded fact-knowing GPT-2. Copies the committed model
 * (models/embedded-gpt2) or, with {@code --train} or when none is committed, trains it from the
 * CounterFact world, resumably: run the same command again after an interruption.
 */
@Command(name = "world-model", mixinStandardHelpOptions = true,
        description = "Build the embedded fact-knowing GPT-2: copy the shipped model, or train it (--train).")
final class WorldModelCommand implements Callable<Integer> {

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Where to write the model folder.")
    Path out;

    @Option(names = "--train", description = "Train even when a shipped model exists.")
    boolean train;

    @Option(names = "--shipped", paramLabel = "DIR", description = "The committed model (default: models/embedded-gpt2 under the repository root).")
    Path shipped;

    @Option(names = "--dataset", paramLabel = "FILE",
            description = "CounterFact JSON to build the world from (default: ../shared/data/counterfact/counterfact-edit.json from the repository root).")
    Path dataset;

    @Option(names = "--checkpoints", paramLabel = "DIR", description = "Resumable training state (default: DIR.checkpoints next to --out).")
    Path checkpoints;

    @Option(names = "--threads", paramLabel = "N",
            description = "PyTorch intra-op threads (the shipped model was trained with 2; results can differ with another count).")
    Integer threads;

    @Option(names = "--max-steps", paramLabel = "N",
            description = "Stop after N optimiser steps of this call and keep the checkpoint; run again to continue.")
    Long maxSteps;

    @Option(names = "--records", paramLabel = "N", description = "Subjects in the world (default: the embedded world's).")
    Integer records;

    @Option(names = "--epochs", paramLabel = "N", description = "Training epochs (default: the embedded model's).")
    Integer epochs;

    @Option(names = "--mlp-width", paramLabel = "N",
            description = "MLP hidden width, the key dimensions each edited layer offers (default: the embedded model's).")
    Integer mlpWidth;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        Path root = Path.of(System.getProperty("editgov.root", "."));
        Path shippedDir = shipped != null ? shipped : root.resolve("models/embedded-gpt2");
        boolean customised = records != null || epochs != null || mlpWidth != null || maxSteps != null;
        if (!train && !customised && Files.isRegularFile(shippedDir.resolve("model.safetensors"))) {
            copy(shippedDir, out);
            console.printf("copied the shipped model %s to %s%n", shippedDir, out);
            return 0;
        }
        if (!train && !customised) {
            System.err.printf("no shipped model at %s: training it (about half an hour on two cores; rerun to resume)%n",
                    shippedDir);
        }
        if (threads != null) {
            if (threads < 1) {
                throw new IllegalArgumentException("--threads must be at least 1, got " + threads);
            }
            System.setProperty("ai.djl.pytorch.num_threads", threads.toString());
            System.setProperty("ai.djl.pytorch.num_interop_threads", "1");
        }
        Path data = dataset != null ? dataset : root.resolve("../shared/data/counterfact/counterfact-edit.json").normalize();
        WorldSpec base = WorldSpec.embedded();
        WorldSpec spec = records == null ? base : new WorldSpec(base.seed(), records, base.biographyOnlyEvery(),
                base.biographiesPerEpoch(), base.factQuestionsPerEpoch(), base.attributeQuestionsPerEpoch(),
                base.localityRepeatsPerEpoch(), base.borrowedPhrasings());
        if (mlpWidth != null && mlpWidth < 1) {
            throw new IllegalArgumentException("--mlp-width must be at least 1, got " + mlpWidth);
        }
        TrainingConfig config = TrainingConfig.embedded().with(epochs, mlpWidth);
        Path state = checkpoints != null ? checkpoints
                : out.toAbsolutePath().resolveSibling(out.getFileName() + ".checkpoints");
        World world = World.build(WorldJson.dataset(data), spec);
        if (maxSteps != null && maxSteps < 1) {
            throw new IllegalArgumentException("--max-steps must be at least 1, got " + maxSteps);
        }
        WorldTrainer.Result result = new WorldTrainer(System.err, maxSteps == null ? Long.MAX_VALUE : maxSteps)
                .train(world, config, state, out);
        if (!result.finished()) {
            console.printf("stopped after %d steps; the state is in %s: run the same command again to continue%n",
                    maxSteps, state);
            return 0;
        }
        console.printf("trained %,d parameters in %.0f s (%,.0f tokens/s); train-prompt top-1 %.4f, biography-only %.4f%n",
                result.card().parameters(), result.card().trainSeconds(), result.card().tokensPerSecond(),
                result.trainPromptTop1(), result.biographyOnlyTop1());
        console.printf("model written to %s (checkpoints in %s)%n", out, state);
        return 0;
    }

    private static void copy(Path from, Path to) throws IOException {
        Files.createDirectories(to);
        List<Path> files;
        try (Stream<Path> listing = Files.list(from)) {
            files = listing.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path file : files) {
            Files.copy(file, to.resolve(file.getFileName().toString()), StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
