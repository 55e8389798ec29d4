package org.editgov.memit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.editgov.memit.djl.Djl;
import org.editgov.memit.io.ModelDirectory;
import org.editgov.memit.runtime.Gpt2Config;
import org.editgov.memit.runtime.Gpt2Weights;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

    static final Gpt2Config CONFIG = Gpt2Config.of(50257, 32, 16, 2, 2);

    @TempDir
    static Path dir;

    static Path model;

    record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void saveARandomModel() {
        Djl.ensureOffline();
        model = dir.resolve("model");
        try (NDManager manager = NDManager.newBaseManager()) {
            ModelDirectory.save(model, CONFIG, Gpt2Weights.randomInit(CONFIG, manager, 5),
                    Path.of(System.getProperty("editgov.root")).resolve("../shared/data/gpt2-tokenizer/tokenizer.json"));
        }
    }

    static Result run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Main.run(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new Result(code, out.toString(), err.toString());
    }

    @Test
    void infoDescribesTheFolder() {
        Result result = run("info", "--model", model.toString());
        assertThat(result.code()).isZero();
        long parameters = CONFIG.parameterCount();
        assertThat(result.out())
                .contains("2 blocks, 2 heads of 8, residual width 16, MLP width 64")
                .contains("50257 tokens, 32 positions")
                .contains(String.format("parameters    %,d (config implies %,d)", parameters, parameters))
                .contains("transformer.h.1.mlp.c_proj.weight", "(64, 16)")
                .contains("end-of-text id 50256");
    }

    @Test
    void generateIsDeterministicPerSeedAndGreedyByDefault() {
        String[] base = {"generate", "--model", model.toString(), "--prompt", "The Eiffel Tower is in", "--max-tokens", "5"};
        Result greedy = run(base);
        assertThat(greedy.code()).as(greedy.err()).isZero();
        assertThat(greedy.out()).startsWith("The Eiffel Tower is in");
        assertThat(greedy.out().strip().length()).isGreaterThan("The Eiffel Tower is in".length());
        assertThat(run(concat(base, "--top-k", "1", "--seed", "9")).out()).isEqualTo(greedy.out());

        Result first = run(concat(base, "--top-k", "50", "--seed", "1"));
        Result again = run(concat(base, "--top-k", "50", "--seed", "1"));
        assertThat(again.out()).isEqualTo(first.out());
        boolean someSeedDiffers = false;
        for (int seed = 2; seed < 6 && !someSeedDiffers; seed++) {
            someSeedDiffers = !run(concat(base, "--top-k", "50", "--seed", String.valueOf(seed))).out().equals(first.out());
        }
        assertThat(someSeedDiffers).isTrue();
    }

    @Test
    void errorsAreOneLineWithoutStackTraces() throws Exception {
        Result missing = run("info", "--model", dir.resolve("absent").toString());
        assertThat(missing.code()).isEqualTo(2);
        assertOneLine(missing.err(), "absent");

        Path llama = Files.createDirectories(dir.resolve("llama"));
        Files.writeString(llama.resolve("config.json"), "{\"model_type\": \"llama\"}");
        Result unsupported = run("generate", "--model", llama.toString(), "--prompt", "x");
        assertThat(unsupported.code()).isEqualTo(2);
        assertOneLine(unsupported.err(), "model_type 'llama'");

        Result badOption = run("generate", "--model", model.toString());
        assertThat(badOption.code()).isEqualTo(2);
        assertOneLine(badOption.err(), "--prompt");

        Result noSubcommand = run();
        assertThat(noSubcommand.code()).isEqualTo(2);
        assertOneLine(noSubcommand.err(), "subcommand");
    }

    @Test
    void everyCommandHasHelp() {
        for (String command : new String[] {"info", "generate", "world-model", "recall", "trace", "stats", "edit", "bench",
                "sweep", "forward-bench"}) {
            Result help = run(command, "--help");
            assertThat(help.code()).isZero();
            assertThat(help.out()).contains("Usage: memit " + command, "--help");
        }
        assertThat(run("--help").out()).contains("info", "generate", "world-model", "recall", "trace", "forward-bench");
    }

    @Test
    void forwardBenchReportsTokensPerSecond() {
        Result result = run("forward-bench", "--model", model.toString(), "--batch", "2", "--tokens", "8", "--seconds", "0.2");
        assertThat(result.code()).as(result.err()).isZero();
        assertThat(result.out()).contains("2 layers x 16 wide").containsPattern("forward: +[0-9,]+ tokens/s")
                .containsPattern("forward \\+ backward: [0-9,]+ tokens/s");
    }

    @Test
    void aSecondStatsRunFindsTheCacheAndATruncatedFileIsComputedAgain() throws Exception {
        Path corpus = dir.resolve("corpus.txt");
        Files.writeString(corpus, "The Eiffel Tower is in Paris.\nDanielle Darrieux speaks French.\n");
        Path stats = dir.resolve("stats");
        String[] args = {"stats", "--model", model.toString(), "--corpus", corpus.toString(), "--layers", "0,1",
            "--stats", stats.toString()};

        Result first = run(args);
        assertThat(first.code()).as(first.err()).isZero();
        assertThat(first.out()).contains("0 from the cache, 2 computed");
        Result second = run(args);
        assertThat(second.code()).as(second.err()).isZero();
        assertThat(second.out()).contains("2 from the cache, 0 computed");
        assertThat(Files.list(stats.resolve("memo/model")).count()).isEqualTo(1);

        Path layer1 = Path.of(second.out().lines().filter(line -> line.contains("layer-1-")).findFirst().orElseThrow().strip());
        byte[] bytes = Files.readAllBytes(layer1);
        Files.write(layer1, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Result third = run(args);
        assertThat(third.code()).as(third.err()).isZero();
        assertThat(third.out()).contains("1 from the cache, 1 computed");
        assertThat(Files.size(layer1)).isEqualTo(bytes.length);
    }

    @Test
    void sweepOptimisesZOncePerZLayerAndReportsEverySetting() throws Exception {
        Path corpus = dir.resolve("sweep-corpus.txt");
        Files.writeString(corpus, "The Eiffel Tower is in Paris.\nDanielle Darrieux speaks French.\n");
        Path requests = dir.resolve("sweep-requests.jsonl");
        Files.writeString(requests, """
                {"subject": "Danielle Darrieux", "prompt": "{} speaks", "target_new": " English"}
                {"subject": "The Eiffel Tower", "prompt": "{} is in", "target_new": " Rome"}
                """);
        Path json = dir.resolve("sweep.json");
        Result result = run("sweep", "--model", model.toString(), "--requests", requests.toString(), "--corpus",
                corpus.toString(), "--stats", dir.resolve("sweep-stats").toString(), "--position", "last", "--no-prefixes",
                "--z-steps", "3", "--layer-sets", "0-1,1", "--lambdas", "1,100", "--round-counts", "1,2", "--json",
                json.toString());

        assertThat(result.code()).as(result.err()).isZero();
        var figures = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
        assertThat(figures.get("rows")).hasSize(8);
        // Both sets write z at layer 1: one optimisation serves all eight updates.
        assertThat(figures.get("z")).hasSize(1);
        assertThat(figures.get("z").get(0).get("layer").asInt()).isEqualTo(1);
        assertThat(result.out().lines().filter(line -> line.startsWith("0-1 ") || line.startsWith("1 "))).hasSize(8);

        Result single = run("sweep", "--model", model.toString(), "--requests", requests.toString(), "--lambda", "5",
                "--json", json.toString());
        assertThat(single.code()).isEqualTo(2);
        assertOneLine(single.err(), "--lambdas");
        Result badSet = run("sweep", "--model", model.toString(), "--requests", requests.toString(), "--position", "last",
                "--layer-sets", "1-7", "--json", json.toString());
        assertThat(badSet.code()).isEqualTo(2);
        assertOneLine(badSet.err(), "layer set '1-7'");
        Result badRounds = run("sweep", "--model", model.toString(), "--requests", requests.toString(), "--round-counts", "0,2",
                "--json", json.toString());
        assertThat(badRounds.code()).isEqualTo(2);
        assertOneLine(badRounds.err(), "--round-counts must be between 1 and 10");
    }

    private static void assertOneLine(String err, String mentions) {
        assertThat(err.strip()).startsWith("memit: ").contains(mentions).doesNotContain("\n").doesNotContain("Exception");
    }

    private static String[] concat(String[] base, String... more) {
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }
}
