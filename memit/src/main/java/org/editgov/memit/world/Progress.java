package org.editgov.memit.world;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.editgov.memit.runtime.Gpt2Weights;

/**
 * The training progress bar on stderr (epoch, percentage, loss, tokens/s, ETA) and the clock
 * that decides when to checkpoint. On a terminal the bar redraws in place; in a log file it
 * prints a line every {@value #LOG_EVERY_SECONDS} seconds.
 */
final class Progress {

    private static final double LOG_EVERY_SECONDS = 15;
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final long totalSteps;
    private final boolean terminal = System.console() != null;
    private final long startNanos = System.nanoTime();
    private final double secondsBefore;
    private long tokens;
    private long step;
    private final long runStartStep;
    private long lastCheckpointNanos = System.nanoTime();
    private double smoothedLoss = Double.NaN;
    private double windowStartSeconds;
    private long windowStartTokens;
    private double tokensPerSecond;
    private double lastLineSeconds;

    Progress(PrintStream out, long totalSteps, TrainingCheckpoint resumedFrom) {
        this.out = out;
        this.totalSteps = totalSteps;
        this.secondsBefore = resumedFrom == null ? 0 : resumedFrom.seconds();
        this.tokens = resumedFrom == null ? 0 : resumedFrom.tokens();
        this.step = resumedFrom == null ? 0 : resumedFrom.step();
        this.runStartStep = step;
        this.windowStartTokens = tokens;
        this.windowStartSeconds = secondsBefore;
    }

    long tokens() {
        return tokens;
    }

    double seconds() {
        return secondsBefore + (System.nanoTime() - startNanos) / 1e9;
    }

    void step(int epoch, int epochs, double loss, long stepTokens, double lr) {
        step++;
        tokens += stepTokens;
        smoothedLoss = Double.isNaN(smoothedLoss) ? loss : 0.98 * smoothedLoss + 0.02 * loss;
        double now = seconds();
        if (now - windowStartSeconds >= 10 || tokensPerSecond == 0) {
            tokensPerSecond = (tokens - windowStartTokens) / (now - windowStartSeconds);
            windowStartTokens = tokens;
            windowStartSeconds = now;
        }
        if (terminal || now - lastLineSeconds >= LOG_EVERY_SECONDS) {
            lastLineSeconds = now;
            double fraction = Math.min(1.0, (double) step / totalSteps);
            int filled = (int) Math.round(fraction * WIDTH);
            double eta = (now - secondsBefore) / (step - runStartStep) * (totalSteps - step);
            String line = String.format("epoch %d/%d [%s%s] %5.1f%% step %,d/%,d loss %.3f lr %.1e %,.0f tok/s ETA %s",
                    epoch + 1, epochs, "#".repeat(filled), ".".repeat(WIDTH - filled), 100 * fraction, step, totalSteps,
                    smoothedLoss, lr, tokensPerSecond, duration(eta));
            out.print(terminal ? "\r" + line : line + System.lineSeparator());
            out.flush();
        }
    }

    void epochDone(int epoch, int epochs, double loss, double sampleTop1) {
        out.printf("%sepoch %d/%d done: mean loss %.4f, train-prompt top-1 (sample) %.3f, %,d tokens in %s%n",
                terminal ? System.lineSeparator() : "", epoch + 1, epochs, loss, sampleTop1, tokens, duration(seconds()));
        out.flush();
    }

    boolean checkpointDue(int intervalSeconds) {
        return (System.nanoTime() - lastCheckpointNanos) / 1e9 >= intervalSeconds;
    }

    void checkpoint(TrainingCheckpoint at, Path directory, Gpt2Weights weights, AdamW optimiser) {
        try {
            at.write(directory, weights, optimiser);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write a checkpoint to " + directory + ": " + e.getMessage(), e);
        }
        lastCheckpointNanos = System.nanoTime();
    }

    static String duration(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
            return "--:--";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%dh%02dm%02ds", s / 3600, (s % 3600) / 60, s % 60)
                : String.format("%dm%02ds", s / 60, s % 60);
    }
}
