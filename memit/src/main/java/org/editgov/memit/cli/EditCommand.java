package org.editgov.memit.cli;

import ai.djl.ndarray.NDManager;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.editgov.memit.edit.EditSettings;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.eval.EditRun;
import org.editgov.memit.io.LoadedModel;
import org.editgov.memit.io.ModelDirectory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code memit edit}: writes a batch of facts into a model, then measures it on CounterFact's metrics. */
@Command(name = "edit", mixinStandardHelpOptions = true,
        description = "Edit facts with MEMIT, ROME or AlphaEdit; writes the edited model (Hugging Face folder), "
                + "the delta (safetensors + SHA-256) and a report (JSON, metrics in percent).")
final class EditCommand implements Callable<Integer> {

    @Mixin
    EditOptions options;

    @Mixin
    RequestOptions requests;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for the edited model; the delta goes in DIR/delta.safetensors.")
    Path out;

    @Option(names = "--report", required = true, paramLabel = "FILE.json", description = "Where to write the report.")
    Path report;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        List<EditRequest> chosen = requests.read();
        PrintStream log = System.err;
        try (NDManager manager = NDManager.newBaseManager();
             LoadedModel loaded = ModelDirectory.load(options.model, manager)) {
            EditSettings settings = options.settings(loaded.config().nLayer());
            EditRun run = new EditRun(options.statsFolder(), options.corpus(), options.samples, options.fluencyPrompts, log);
            EditRun.Result result = run.run(loaded.model(), loaded.tokenizer(), chosen, settings,
                    out.resolve("delta.safetensors"));
            try (var editor = result.editor()) {
                ModelDirectory.save(out, loaded.config(), editor.model().weights(),
                        options.model.resolve("tokenizer.json"));
            }
            result.report().write(report);
            PrintWriter writer = spec.commandLine().getOut();
            writer.print(result.report().toTable());
            writer.printf("edited model: %s, report: %s%n", out, report);
            writer.flush();
        }
        return 0;
    }
}
