package org.editgov.memit.cli;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.editgov.memit.io.LoadedModel;
import org.editgov.memit.io.ModelDirectory;
import org.editgov.memit.runtime.Generator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code memit generate}: continue a prompt, greedily or by seeded top-k sampling. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Continue a prompt with a model; prints the prompt and its continuation as one decoded text.")
final class GenerateCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face GPT-2 folder.")
    Path model;

    @Option(names = "--prompt", required = true, paramLabel = "TEXT", description = "Text to continue.")
    String prompt;

    @Option(names = "--max-tokens", defaultValue = "20", paramLabel = "N",
            description = "Most tokens to add; stops early at end-of-text (default: ${DEFAULT-VALUE}).")
    int maxTokens;

    @Option(names = "--top-k", defaultValue = "0", paramLabel = "K",
            description = "Sample from the K most likely tokens; 0 takes the most likely one (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "S",
            description = "Seed of top-k sampling: same seed, same text (default: ${DEFAULT-VALUE}).")
    long seed;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        if (maxTokens < 0 || topK < 0) {
            throw new IllegalArgumentException("--max-tokens and --top-k must not be negative");
        }
        PrintWriter out = spec.commandLine().getOut();
        try (NDManager manager = NDManager.newBaseManager();
                LoadedModel loaded = ModelDirectory.load(model, manager)) {
            int[] promptIds = loaded.tokenizer().encode(prompt);
            if (promptIds.length == 0) {
                throw new IllegalArgumentException("--prompt has no tokens");
            }
            Generator generator = loaded.generator();
            int stop = loaded.tokenizer().eosId();
            int[] continuation = topK == 0
                    ? generator.greedy(promptIds, maxTokens, stop)
                    : generator.sampleTopK(promptIds, maxTokens, topK, seed, stop);
            // Decoding prompt and continuation together keeps the tokenizer's own spacing and
            // multi-byte characters that straddle the boundary.
            // The end-of-text token that stopped generation is not text.
            int kept = continuation.length > 0 && continuation[continuation.length - 1] == stop
                    ? continuation.length - 1
                    : continuation.length;
            int[] all = java.util.Arrays.copyOf(promptIds, promptIds.length + kept);
            System.arraycopy(continuation, 0, all, promptIds.length, kept);
            out.println(loaded.tokenizer().decode(all));
        }
        return 0;
    }
}
