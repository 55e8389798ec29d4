package org.editgov.memit.cli;

import org.editgov.memit.io.ModelIoException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns every failure into one line on stderr and an exit code: 2 for input the user can fix
 * (bad arguments, a model folder that cannot be used), 1 for anything else. Never a stack trace.
 */
final class ErrorReporter implements IExecutionExceptionHandler, IParameterExceptionHandler {

    static final int BAD_INPUT = 2;
    static final int INTERNAL = 1;

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        command.getErr().println("memit: " + oneLine(e.getMessage()) + " (see '" + command.getCommandSpec().qualifiedName()
                + " --help')");
        return BAD_INPUT;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine command, ParseResult parseResult) {
        if (e instanceof ParameterException parameterException) {
            return handleParseException(parameterException, parseResult.originalArgs().toArray(new String[0]));
        }
        if (e instanceof ModelIoException || e instanceof IllegalArgumentException) {
            command.getErr().println("memit: " + oneLine(e.getMessage()));
            return BAD_INPUT;
        }
        command.getErr().println("memit: internal error: " + e.getClass().getSimpleName() + ": " + oneLine(e.getMessage()));
        return INTERNAL;
    }

    private static String oneLine(String message) {
        if (message == null || message.isBlank()) {
            return "(no message)";
        }
        return message.lines().findFirst().orElse("").strip();
    }
}
