package org.editgov.memit.world;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.editgov.memit.io.ModelDirectory;
import org.editgov.memit.runtime.Constants;
import org.editgov.memit.runtime.Gpt2Config;
import org.editgov.memit.runtime.Gpt2Model;
import org.editgov.memit.runtime.Gpt2Weights;

/**
 * Trains a GPT-2 on the world's corpus with DJL autograd and {@link AdamW}: next-token
 * cross-entropy over packed rows, one fresh corpus per epoch, checkpoints every few minutes.
 * A run started again with the same checkpoint directory continues where the last one stopped.
 * The result is a Hugging Face GPT-2 directory with the world's {@code tokenizer.json} and a
 * {@link WorldCard}.
 */
public final class WorldTrainer {

    /**
     * What a run measured; {@code finished} is false when it stopped at its step budget (the
     * checkpoint holds the state, {@code card} is null and nothing was exported).
     */
    public record Result(boolean finished, WorldCard card, double trainPromptTop1, double biographyOnlyTop1) {
    }

    private static final int PROBE_SAMPLE = 200;

    private final PrintStream log;
    private final long stepBudget;

    public WorldTrainer(PrintStream log) {
        this(log, Long.MAX_VALUE);
    }

    /** A trainer that checkpoints and returns after {@code stepBudget} optimiser steps of this call. */
    public WorldTrainer(PrintStream log, long stepBudget) {
        this.log = log;
        this.stepBudget = stepBudget;
    }

    public Result train(World world, TrainingConfig cfg, Path checkpointDir, Path outDir) throws IOException {
        Files.createDirectories(checkpointDir);
        WorldTokenizer tokenizer = WorldTokenizer.forWorld(world);
        Path tokenizerJson = checkpointDir.resolve("tokenizer.json");
        tokenizer.write(tokenizerJson);
        String fingerprint = fingerprint(world.spec(), cfg, Files.readAllBytes(tokenizerJson));
        Gpt2Config config = Gpt2Config.of(tokenizer.size(), cfg.sequenceLength(), cfg.nEmbd(), cfg.nLayer(), cfg.nHead())
                .withMlpWidth(cfg.mlpWidth());
        CorpusGenerator corpus = new CorpusGenerator(world);
        try (NDManager manager = NDManager.newBaseManager()) {
            TrainingCheckpoint at = TrainingCheckpoint.read(checkpointDir);
            if (at != null && !at.fingerprint().equals(fingerprint)) {
                throw new IllegalStateException("the checkpoint in " + checkpointDir
                        + " belongs to another world or training config; remove it or choose another --checkpoints");
            }
            Map<String, NDArray> saved = at == null ? Map.of() : TrainingCheckpoint.tensors(checkpointDir, manager);
            Gpt2Weights weights = at == null ? Gpt2Weights.randomInit(config, manager, cfg.seed()) : savedWeights(config, saved);
            weights.requireGradients();
            AdamW optimiser = new AdamW(weights, manager);
            if (at != null) {
                optimiser.restore(saved, at.step());
                log.printf("resuming at epoch %d, batch %d (%,d tokens, %.0f s done)%n",
                        at.epoch() + 1, at.batch(), at.tokens(), at.seconds());
            } else {
                log.printf("training %,d-parameter GPT-2 (%d layers, width %d, MLP width %d, vocabulary %,d) on %,d subjects%n",
                        config.parameterCount(), cfg.nLayer(), cfg.nEmbd(), cfg.mlpWidth(), tokenizer.size(),
                        world.subjects().size());
            }
            Gpt2Model model = new Gpt2Model(config, weights);
            long stepsPerEpoch = PackedEpoch.pack(corpus.documents(0), tokenizer, cfg.sequenceLength()).batches(cfg.batchSize());
            long totalSteps = stepsPerEpoch * cfg.epochs();
            Progress progress = new Progress(log, totalSteps, at);
            double firstEpochLoss = at == null ? Double.NaN : at.firstEpochLoss();
            double lastEpochLoss = at == null ? Double.NaN : at.lastEpochLoss();
            int startEpoch = at == null ? 0 : at.epoch();
            int startBatch = at == null ? 0 : at.batch();
            long stepsThisRun = 0;
            int skipped = 0;
            boolean lastSkipped = false;
            for (int epoch = startEpoch; epoch < cfg.epochs(); epoch++) {
                PackedEpoch packed = PackedEpoch.pack(corpus.documents(epoch), tokenizer, cfg.sequenceLength());
                int batches = packed.batches(cfg.batchSize());
                boolean resumedEpoch = epoch == startEpoch && at != null;
                double lossSum = resumedEpoch ? at.epochLossSum() : 0;
                for (int b = resumedEpoch ? startBatch : 0; b < batches; b++) {
                    double lr = cfg.learningRate(optimiser.step(), totalSteps);
                    StepResult r = step(model, weights, optimiser, packed, b, cfg, lr, manager, lastSkipped);
                    lastSkipped = !r.applied;
                    if (!r.applied) {
                        log.printf("%nskipped batch %d of epoch %d: non-finite loss or gradient (%s)%n", b, epoch + 1, r.loss);
                        skipped++;
                        continue;
                    }
                    lossSum += r.loss;
                    progress.step(epoch, cfg.epochs(), r.loss, r.tokens, lr);
                    stepsThisRun++;
                    boolean outOfBudget = stepsThisRun >= stepBudget && b + 1 < batches;
                    if (outOfBudget || progress.checkpointDue(cfg.checkpointSeconds())) {
                        progress.checkpoint(new TrainingCheckpoint(epoch, b + 1, optimiser.step(), progress.tokens(),
                                progress.seconds(), firstEpochLoss, lastEpochLoss, lossSum, fingerprint), checkpointDir, weights,
                                optimiser);
                    }
                    if (outOfBudget) {
                        log.printf("%nstopped after %d steps; run again with the same checkpoints to continue%n", stepsThisRun);
                        return new Result(false, null, Double.NaN, Double.NaN);
                    }
                }
                double epochLoss = lossSum / (batches - skipped);
                skipped = 0;
                if (epoch == 0) {
                    firstEpochLoss = epochLoss;
                }
                lastEpochLoss = epochLoss;
                double top1 = Recall.top1(model, tokenizer::encode, WorldTokenizer.EOS_ID, sample(world.trainPromptProbes()));
                progress.epochDone(epoch, cfg.epochs(), epochLoss, top1);
                progress.checkpoint(new TrainingCheckpoint(epoch + 1, 0, optimiser.step(), progress.tokens(),
                        progress.seconds(), firstEpochLoss, lastEpochLoss, 0, fingerprint), checkpointDir, weights, optimiser);
            }
            double trainTop1 = Recall.top1(model, tokenizer::encode, WorldTokenizer.EOS_ID, world.trainPromptProbes());
            double bioTop1 = Recall.top1(model, tokenizer::encode, WorldTokenizer.EOS_ID, world.biographyOnlyProbes());
            ModelDirectory.save(outDir, config, weights, tokenizerJson);
            WorldCard card = new WorldCard(world.spec(), cfg, tokenizer.size(), config.parameterCount(), optimiser.step(),
                    progress.tokens(), progress.seconds(), progress.tokens() / Math.max(1e-9, progress.seconds()),
                    firstEpochLoss, lastEpochLoss);
            card.write(outDir);
            return new Result(true, card, trainTop1, bioTop1);
        }
    }

    private record StepResult(double loss, long tokens, boolean applied) {
    }

    /**
     * Sets every accumulated gradient to zero (DJL's PyTorch engine accumulates across
     * collectors). After a skipped step a gradient may hold inf or NaN, which subtracting it
     * from itself would keep, so then every gradient is overwritten with zeros instead.
     */
    private static void clearGradients(Gpt2Weights weights, boolean overwrite) {
        for (NDArray tensor : weights.all()) {
            if (!tensor.hasGradient()) {
                continue;
            }
            try (NDArray gradient = tensor.getGradient()) {
                if (overwrite) {
                    gradient.set(new float[Math.toIntExact(gradient.size())]);
                } else {
                    gradient.subi(gradient);
                }
            }
        }
    }

    /** One optimiser step on batch {@code b}: inputs are row[0..T-1], targets row[1..T], loss on real targets. */
    private static StepResult step(Gpt2Model model, Gpt2Weights weights, AdamW optimiser, PackedEpoch packed, int b,
                                   TrainingConfig cfg, double lr, NDManager manager, boolean afterSkippedStep) {
        int from = b * cfg.batchSize();
        int to = Math.min(packed.rows().size(), from + cfg.batchSize());
        int rows = to - from;
        int length = cfg.sequenceLength();
        long[] inputs = new long[rows * length];
        long[] targets = new long[rows * length];
        float[] mask = new float[rows * length];
        long count = 0;
        for (int r = 0; r < rows; r++) {
            int[] row = packed.rows().get(from + r);
            int used = packed.lengths().get(from + r);
            for (int t = 0; t < length; t++) {
                inputs[r * length + t] = row[t];
                targets[r * length + t] = row[t + 1];
                if (t + 1 < used) {
                    mask[r * length + t] = 1f;
                    count++;
                }
            }
        }
        try (NDManager step = manager.newSubManager()) {
            Shape shape = new Shape(rows, length);
            NDArray ids = step.create(inputs, shape);
            NDArray target = step.create(targets, shape);
            NDArray lossMask = step.create(mask, shape);
            clearGradients(weights, afterSkippedStep);
            double loss;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray logits = model.forward(ids, step.ones(shape));
                NDArray nll = logits.logSoftmax(2).gather(target.expandDims(2), 2).squeeze(2).neg();
                NDArray mean = Constants.div(nll.mul(lossMask).sum(), Math.max(1, count));
                collector.backward(mean);
                loss = mean.getFloat();
            }
            if (!Double.isFinite(loss)) {
                return new StepResult(loss, count, false);
            }
            double norm = optimiser.update(weights, lr, cfg.weightDecay(), cfg.clipNorm());
            return new StepResult(loss, count, !Double.isNaN(norm));
        }
    }

    private static Gpt2Weights savedWeights(Gpt2Config config, Map<String, NDArray> saved) {
        Map<String, NDArray> tensors = new LinkedHashMap<>();
        for (String name : Gpt2Weights.names(config)) {
            tensors.put(name, saved.get("w." + name));
        }
        return new Gpt2Weights(config, tensors);
    }

    private static List<Probe> sample(List<Probe> probes) {
        return probes.subList(0, Math.min(PROBE_SAMPLE, probes.size()));
    }

    private static String fingerprint(WorldSpec spec, TrainingConfig cfg, byte[] tokenizerJson) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(spec.toString().getBytes(StandardCharsets.UTF_8));
            sha.update(cfg.withoutCheckpointInterval().toString().getBytes(StandardCharsets.UTF_8));
            sha.update(tokenizerJson);
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }
}
