package org.editgov.memit.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.editgov.memit.io.HuggingFaceTextTokenizer;
import org.editgov.memit.io.ModelDirectory;
import org.editgov.memit.io.ModelIoException;
import org.editgov.memit.io.SafetensorsHeader;
import org.editgov.memit.io.SafetensorsReader;
import org.editgov.memit.io.TensorEntry;
import org.editgov.memit.io.TextTokenizer;
import org.editgov.memit.runtime.Gpt2Config;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code memit info}: what a model folder holds, read from its headers without loading weights. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Show a model folder's architecture, sizes, weight names and parameter count.")
final class InfoCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "Hugging Face GPT-2 folder (config.json, model.safetensors or shards, tokenizer.json).")
    Path model;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Gpt2Config config = ModelDirectory.readConfig(model);
        List<Path> files = ModelDirectory.weightFiles(model);
        List<TensorEntry> entries = new ArrayList<>();
        long bytes = 0;
        for (Path file : files) {
            SafetensorsHeader header = SafetensorsReader.header(file);
            entries.addAll(header.entries());
            bytes += uncheckedSize(file);
        }
        long parameters = 0;
        for (TensorEntry entry : entries) {
            if (isParameter(entry.name())) {
                parameters += entry.elementCount();
            }
        }
        out.printf("model         %s%n", model);
        out.printf("architecture  GPT2LMHeadModel (model_type gpt2), LM head tied to wte%n");
        out.printf("layers        %d blocks, %d heads of %d, residual width %d, MLP width %d%n",
                config.nLayer(), config.nHead(), config.headDim(), config.nEmbd(), config.mlpWidth());
        out.printf("vocabulary    %d tokens, %d positions%n", config.vocabSize(), config.nPositions());
        out.printf("activation    %s, layer_norm_epsilon %s%n", config.activation(), config.layerNormEpsilon());
        out.printf("parameters    %,d (config implies %,d)%n", parameters, config.parameterCount());
        out.printf("weights       %d tensors in %d file(s), %,d bytes%n", entries.size(), files.size(), bytes);
        Path tokenizerFile = model.resolve(HuggingFaceTextTokenizer.FILE_NAME);
        if (Files.isRegularFile(tokenizerFile)) {
            try (TextTokenizer tokenizer = HuggingFaceTextTokenizer.load(tokenizerFile)) {
                out.printf("tokenizer     %s: %d ids, end-of-text id %d%n",
                        HuggingFaceTextTokenizer.FILE_NAME, tokenizer.vocabSize(), tokenizer.eosId());
            }
        } else {
            out.printf("tokenizer     none (%s missing)%n", HuggingFaceTextTokenizer.FILE_NAME);
        }
        out.println("tensors");
        for (TensorEntry entry : entries) {
            out.printf("  %-40s %-5s %s%n", entry.name(), entry.dtype(), shape(entry.shape()));
        }
        return 0;
    }

    /** Causal-mask buffers and a tied head are not parameters. */
    private static boolean isParameter(String name) {
        return !name.endsWith(".attn.bias") && !name.endsWith(".attn.masked_bias") && !name.equals("lm_head.weight");
    }

    private static String shape(long[] shape) {
        StringBuilder text = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            text.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return text.append(")").toString();
    }

    private static long uncheckedSize(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new ModelIoException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }
}
