package org.editgov.memit.cli;

import java.io.PrintWriter;
import org.editgov.memit.djl.Djl;
import picocli.CommandLine;

/** Entry point of {@code bin/memit}: offline DJL first, then the picocli command tree. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one command line and returns its exit code (0 ok, 1 internal error, 2 bad input). */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        Djl.ensureOffline();
        CommandLine commandLine = MemitCommand.commandLine();
        commandLine.setOut(out);
        commandLine.setErr(err);
        return commandLine.execute(args);
    }
}
