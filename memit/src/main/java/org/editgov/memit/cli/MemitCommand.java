package org.editgov.memit.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code memit}: the editing engine's command line; the work is in the subcommands. */
@Command(
        name = "memit",
        mixinStandardHelpOptions = true,
        version = "memit 0.1.0",
        description = "Run, inspect and edit GPT-2 models stored as Hugging Face folders.",
        subcommands = {
            InfoCommand.class,
            GenerateCommand.class,
            WorldModelCommand.class,
            RecallCommand.class,
            TraceCommand.class,
            StatsCommand.class,
            EditCommand.class,
            BenchCommand.class,
            SweepCommand.class,
            ForwardBenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class MemitCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** The command tree with errors mapped once, here at the edge, to one line and an exit code. */
    static CommandLine commandLine() {
        CommandLine commandLine = new CommandLine(new MemitCommand());
        commandLine.setExecutionExceptionHandler(new ErrorReporter());
        commandLine.setParameterExceptionHandler(new ErrorReporter());
        return commandLine;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }
}
