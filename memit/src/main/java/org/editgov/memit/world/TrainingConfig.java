package org.editgov.memit.world;

/**
 * The model shape and optimisation settings of one training run. With the world spec and the
 * dataset it fixes the result: same inputs, same CPU, same bytes.
 *
 * @param nLayer          blocks
 * @param nEmbd           residual width (MLP width is 4 x nEmbd)
 * @param nHead           attention heads
 * @param sequenceLength  tokens per packed training row (also the model's positions)
 * @param batchSize       rows per optimiser step
 * @param epochs          passes over freshly generated corpora
 * @param peakLearningRate AdamW learning rate after warm-up; cosine decay to a tenth of it
 * @param warmupSteps     linear warm-up steps
 * @param weightDecay     decoupled weight decay on matrices (not on biases or LayerNorm gains)
 * @param clipNorm        global gradient-norm clip
 * @param seed            weight initialisation seed (the corpus has the world's seed)
 * @param checkpointSeconds how often the resumable state is written
 */
public record TrainingConfig(
        int nLayer,
        int nEmbd,
        int nHead,
        int sequenceLength,
        int batchSize,
        int epochs,
        double peakLearningRate,
        int warmupSteps,
        double weightDecay,
        double clipNorm,
        long seed,
        int checkpointSeconds) {

    public TrainingConfig {
        if (nLayer < 1 || nEmbd < 1 || nHead < 1 || nEmbd % nHead != 0 || sequenceLength < 8 || batchSize < 1
                || epochs < 1 || !(peakLearningRate > 0) || warmupSteps < 0 || weightDecay < 0 || !(clipNorm > 0)
                || checkpointSeconds < 1) {
            throw new IllegalArgumentException("invalid training config: " + this);
        }
    }

    /**
     * The embedded model: 6 blocks of width 192 (6 heads of 32), 3.45 million parameters.
     * Six blocks are what the prototypes needed to learn 1,000 facts (knowledge-editing.md,
     * section 5), and keep room for early layers that read the subject and later ones that
     * extract from it. The width is cut from their 256 because the two shared cores gave 550
     * tokens/s at 192 against about 330 at 256: a 1,000-subject world holds some 6,000
     * one-word associations, far below what 3 million parameters store, while the number of
     * exposures per fact (20 epochs, about 100 per fact) is what decides whether they are
     * learnt.
     */
    public static TrainingConfig embedded() {
        return new TrainingConfig(6, 192, 6, 128, 16, 20, 1.5e-3, 100, 0.1, 1.0, 20261125L, 240);
    }

    /** The same run with a fixed checkpoint interval: how often state is saved does not change the result. */
    public TrainingConfig withoutCheckpointInterval() {
        return new TrainingConfig(nLayer, nEmbd, nHead, sequenceLength, batchSize, epochs, peakLearningRate, warmupSteps,
                weightDecay, clipNorm, seed, 1);
    }

    /** Learning rate at a step: linear warm-up, then cosine from the peak down to a tenth of it. */
    public double learningRate(long step, long totalSteps) {
        if (step < warmupSteps) {
            return peakLearningRate * (step + 1) / warmupSteps;
        }
        double progress = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps));
        double floor = peakLearningRate / 10;
        return floor + (peakLearningRate - floor) * 0.5 * (1 + Math.cos(Math.PI * progress));
    }
}
