package org.editgov.memit.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.editgov.memit.io.ModelDirectory;
import org.editgov.memit.runtime.Gpt2Config;
import org.editgov.memit.runtime.Gpt2Model;
import org.editgov.memit.runtime.Gpt2Weights;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code memit forward-bench}: tokens per second of the forward pass, and of forward plus
 * backward, on random weights of a model's shape (the embedded model's shape by default).
 */
@Command(name = "forward-bench", mixinStandardHelpOptions = true,
        description = "Measure forward (inference) and forward+backward (training) tokens per second.")
final class ForwardBenchCommand implements Callable<Integer> {

    @Option(names = "--model", paramLabel = "DIR",
            description = "Take the shape from this folder's config.json (weights are random). "
                    + "Default: the embedded model's shape, 6 layers x 128 wide, 4 heads, 4,374 tokens, 128 positions.")
    Path model;

    @Option(names = "--batch", defaultValue = "16", description = "Sequences per batch (default: ${DEFAULT-VALUE}).")
    int batch;

    @Option(names = "--tokens", defaultValue = "64", description = "Tokens per sequence (default: ${DEFAULT-VALUE}).")
    int tokens;

    @Option(names = "--seconds", defaultValue = "10", description = "Time spent on each measurement (default: ${DEFAULT-VALUE}).")
    double seconds;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Gpt2Config config = model == null ? Gpt2Config.of(4374, 128, 128, 6, 4) : ModelDirectory.readConfig(model);
        if (batch < 1 || tokens < 1 || tokens > config.nPositions() || !(seconds > 0)) {
            throw new IllegalArgumentException("need --batch >= 1, 1 <= --tokens <= " + config.nPositions() + ", --seconds > 0");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (NDManager manager = NDManager.newBaseManager()) {
            Gpt2Model gpt2 = new Gpt2Model(config, Gpt2Weights.randomInit(config, manager, 0));
            out.printf("shape: %d layers x %d wide, %d heads, vocab %d, %,d parameters; batch %d x %d tokens; %d cores%n",
                    config.nLayer(), config.nEmbd(), config.nHead(), config.vocabSize(), config.parameterCount(),
                    batch, tokens, Runtime.getRuntime().availableProcessors());
            out.printf("forward:            %,.0f tokens/s%n", measure(gpt2, manager, false));
            gpt2.weights().requireGradients();
            out.printf("forward + backward: %,.0f tokens/s%n", measure(gpt2, manager, true));
        }
        return 0;
    }

    /** Runs whole batches for about {@code seconds} after two warm-up batches; returns tokens per second. */
    private double measure(Gpt2Model gpt2, NDManager manager, boolean backward) {
        SplittableRandom random = new SplittableRandom(1);
        for (int i = 0; i < 2; i++) {
            step(gpt2, manager, random, backward);
        }
        long start = System.nanoTime();
        long deadline = start + (long) (seconds * 1e9);
        long batches = 0;
        while (System.nanoTime() < deadline || batches == 0) {
            step(gpt2, manager, random, backward);
            batches++;
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        return batches * batch * tokens / elapsed;
    }

    private void step(Gpt2Model gpt2, NDManager manager, SplittableRandom random, boolean backward) {
        try (NDManager step = manager.newSubManager()) {
            long[] ids = new long[batch * tokens];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = random.nextInt(gpt2.config().vocabSize());
            }
            NDArray input = step.create(ids, new Shape(batch, tokens));
            NDArray mask = step.ones(new Shape(batch, tokens));
            if (!backward) {
                gpt2.forward(input, mask).get(new NDIndex("0, 0, 0")).getFloat();
                return;
            }
            gpt2.weights().zeroGradients();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray loss = gpt2.forward(input, mask).logSoftmax(-1).mean().neg();
                collector.backward(loss);
            }
        }
    }
}
