package org.editgov.memit.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.editgov.memit.edit.Corpus;
import org.editgov.memit.edit.EditSettings;
import org.editgov.memit.edit.HashMemo;
import org.editgov.memit.edit.KeyAveraging;
import org.editgov.memit.edit.MediationTrace;
import org.editgov.memit.edit.Method;
import org.editgov.memit.edit.TokenPosition;
import org.editgov.memit.edit.ZSettings;
import org.editgov.memit.world.WorldCorpus;
import picocli.CommandLine.Option;

/** The options that decide an edit, shared by {@code edit} and {@code bench}. */
final class EditOptions {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face GPT-2 folder.")
    Path model;

    @Option(names = "--method", paramLabel = "M", defaultValue = "memit", description = "memit, rome or alphaedit (default ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--layers", paramLabel = "L,L", split = ",",
            description = "Layers to rewrite (default: the trace's mediating layers).")
    List<Integer> layers;

    @Option(names = "--position", paramLabel = "P", defaultValue = "auto",
            description = "Token of z and keys: subject-last (reference), last (last prompt token) or auto (the trace's; default).")
    String position;

    @Option(names = "--trace", paramLabel = "FILE", description = "memit trace JSON for auto (default: DIR/trace.json).")
    Path trace;

    @Option(names = "--lambda", paramLabel = "X", defaultValue = "1000",
            description = "MEMIT's covariance weight (mom2_update_weight; default ${DEFAULT-VALUE}).")
    double lambda;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of the context templates and fluency samples.")
    long seed;

    @Option(names = "--serial", description = "Optimise z one edit at a time (the reference's loop).")
    boolean serial;

    @Option(names = "--chunk", paramLabel = "N", defaultValue = "32", description = "Edits whose z are optimised together (default ${DEFAULT-VALUE}).")
    int chunk;

    @Option(names = "--z-steps", paramLabel = "N", description = "z optimisation steps (default 40; ROME 40).")
    Integer zSteps;

    @Option(names = "--clamp", paramLabel = "X", description = "z norm clamp factor (default 2.0 for MEMIT, 4.0 for ROME; reference MEMIT 0.75).")
    Double clamp;

    @Option(names = "--kl-factor", paramLabel = "X", description = "Weight of the KL term on \"{} is a\" (default 0.0625).")
    Double klFactor;

    @Option(names = "--squared-decay", description = "Square ||delta|| in z's weight decay (the reference does not).")
    boolean squaredDecay;

    @Option(names = "--flat-keys", description = "Average keys over all prompts instead of per template group first.")
    boolean flatKeys;

    @Option(names = "--no-prefixes", description = "Learn edits on the bare prompt only (no sampled context prefixes).")
    boolean noPrefixes;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "1",
            description = "Solve the layer-by-layer update N times, each round for what z still misses after the last "
                    + "(default ${DEFAULT-VALUE}, the reference; more rounds: higher ES and PS, lower NS).")
    int rounds;

    @Option(names = "--null-space-threshold", paramLabel = "X", defaultValue = "0.02",
            description = "AlphaEdit: eigenvalues of C below X span the directions an update may use (default ${DEFAULT-VALUE}).")
    double nullSpaceThreshold;

    @Option(names = "--alpha", paramLabel = "X", defaultValue = "10",
            description = "AlphaEdit: ridge term of the projected solve (default ${DEFAULT-VALUE}).")
    double alpha;

    @Option(names = "--stats", paramLabel = "DIR", description = "Covariance cache folder (default ~/.cache/editgov/memit-stats).")
    Path stats;

    @Option(names = "--corpus", paramLabel = "FILE",
            description = "Text (a document per line) or JSONL {text} for covariance statistics (default: the model's world training text).")
    Path corpus;

    @Option(names = "--dataset", paramLabel = "FILE",
            description = "CounterFact file the world model was built from (default ../shared/data/counterfact/counterfact-edit.json).")
    Path dataset;

    @Option(names = "--samples", paramLabel = "N", defaultValue = "100000", description = "Corpus documents for statistics (default ${DEFAULT-VALUE}).")
    int samples;

    @Option(names = "--fluency-prompts", paramLabel = "N", defaultValue = "50",
            description = "Requests whose prompts are continued to measure GE (default ${DEFAULT-VALUE}; 0 skips).")
    int fluencyPrompts;

    EditSettings settings(int modelLayers) {
        Method chosen = Method.parse(method);
        TokenPosition tokenPosition = TokenPosition.parse(position);
        List<Integer> chosenLayers = layers;
        if (tokenPosition == TokenPosition.AUTO || chosenLayers == null) {
            Path traceFile = trace != null ? trace : model.resolve(MediationTrace.FILE_NAME);
            if (!Files.isRegularFile(traceFile)) {
                throw new IllegalArgumentException("no trace at " + traceFile + ": run memit trace --json " + traceFile
                        + ", or give --position and --layers");
            }
            MediationTrace mediation = MediationTrace.read(traceFile);
            if (tokenPosition == TokenPosition.AUTO) {
                tokenPosition = mediation.position();
            }
            if (chosenLayers == null) {
                chosenLayers = chosen == Method.ROME ? List.of(mediation.layers().get(0)) : mediation.layers();
            }
        }
        for (int layer : chosenLayers) {
            if (layer < 0 || layer >= modelLayers) {
                throw new IllegalArgumentException("layer " + layer + " does not exist: the model has layers 0.." + (modelLayers - 1));
            }
        }
        EditSettings settings = EditSettings.defaults(chosen, chosenLayers.stream().sorted().toList(), tokenPosition)
                .withLambda(lambda).withSeed(seed).withSerial(serial).withChunk(chunk).withPrefixedTemplates(!noPrefixes)
                .withRounds(rounds).withNullSpaceThreshold(nullSpaceThreshold).withAlphaL2(alpha);
        ZSettings z = settings.z();
        if (zSteps != null) {
            z = z.withSteps(zSteps);
        }
        if (clamp != null) {
            z = z.withClamp(clamp);
        }
        if (klFactor != null) {
            z = z.withKlFactor(klFactor);
        }
        if (squaredDecay) {
            z = z.withDecayForm(ZSettings.DecayForm.SQUARED);
        }
        settings = settings.withZ(z);
        if (flatKeys) {
            settings = settings.withKeyAveraging(KeyAveraging.FLAT);
        }
        return settings;
    }

    Path statsFolder() {
        return statsFolderOf(stats);
    }

    Corpus corpus() throws IOException {
        return corpusOf(corpus, dataset, model, statsFolder());
    }

    static Path statsFolderOf(Path stats) {
        return stats != null ? stats : Path.of(System.getProperty("user.home"), ".cache", "editgov", "memit-stats");
    }

    /**
     * The given text file, else the world training text of the model (rebuilt from the dataset
     * when its documents are read; its hash is remembered in the stats folder).
     */
    static Corpus corpusOf(Path corpus, Path dataset, Path model, Path statsFolder) throws IOException {
        if (corpus != null) {
            return Corpus.ofFile(corpus);
        }
        Path data = dataset != null ? dataset
                : Path.of(System.getProperty("editgov.root", ".")).resolve("../shared/data/counterfact/counterfact-edit.json").normalize();
        if (!Files.isRegularFile(data)) {
            throw new IllegalArgumentException("the world dataset " + data + " does not exist: give --dataset or --corpus");
        }
        return Corpus.generated("world training text of " + model, WorldCorpus.definitionKey(model, data, 0),
                new HashMemo(statsFolder), () -> {
                    try {
                        return WorldCorpus.trainingText(model, data, 0);
                    } catch (IOException e) {
                        throw new UncheckedIOException("the world text of " + model + " cannot be built: " + e.getMessage(), e);
                    }
                });
    }
}
