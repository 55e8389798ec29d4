package org.editgov.audit.verify;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.editgov.audit.signing.KeyFileException;
import org.editgov.audit.signing.KeyStoreFiles;
import org.editgov.audit.wire.TreeHeadJson;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code bin/audit-verify}: verifies the audit log with nothing but its public key, from the running service
 * or from an export file. Exit 0 and one summary line when everything verifies; exit 1 and one line naming
 * the first bad head or entry when not; exit 2 and one line when the log cannot be read at all.
 */
@Command(name = "audit-verify", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Verifies the editgov audit log: every tree head signature, consistency between the"
                + " signed heads, every entry's content, position and inclusion, and every weight delta.",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the log verifies", "1:the log does not verify (the line names the first bad entry or head)",
                "2:the log, key or artifact store could not be read"})
public final class AuditVerify implements Callable<Integer> {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int UNREADABLE = 2;

    @Option(names = "--public-key", required = true, paramLabel = "PEM",
            description = "The log's Ed25519 public key (PEM), obtained out of band.")
    Path publicKey;

    @ArgGroup(multiplicity = "1")
    Source source;

    static final class Source {
        @Option(names = "--url", paramLabel = "URL", description = "audit-service base URL, e.g. http://127.0.0.1:8083")
        URI url;

        @Option(names = "--export", paramLabel = "FILE", description = "A file saved from GET /api/log/export.")
        Path export;
    }

    @Option(names = "--token", paramLabel = "JWT", defaultValue = "${env:AUDIT_TOKEN}",
            description = "Bearer token of an auditor or operator (default: $AUDIT_TOKEN).")
    String token;

    @Option(names = "--token-file", paramLabel = "FILE", description = "Read the bearer token from this file.")
    Path tokenFile;

    @Option(names = "--artifacts", paramLabel = "DIR", arity = "0..1", fallbackValue = ArtifactStore.DEFAULT_ROOT,
            description = "The editor worker's artifact root (models/, deltas/<sha256>.safetensors, versions/,"
                    + " outcomes/); alone, its default " + ArtifactStore.DEFAULT_ROOT + ". Each weight delta the log"
                    + " names must hash to its logged SHA-256. Without this option deltas are not checked.")
    Path artifacts;

    @Option(names = "--delta-model", paramLabel = "MODEL",
            description = "Check only the weight deltas of this model (repeatable), for a store that holds some models.")
    Set<String> deltaModels = new HashSet<>();

    @Option(names = "--all-entry-signatures",
            description = "Check every entry's own signature too (slower; without it, only entries under a root that"
                    + " does not match are checked, which still detects and names any change).")
    boolean allEntrySignatures;

    @Option(names = "--state", paramLabel = "FILE",
            description = "Signed heads seen by earlier runs: each must lie on the log; the verified heads are saved back.")
    Path state;

    private PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
    private PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8)));
    }

    /** Runs the command with these streams; returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        AuditVerify command = new AuditVerify();
        command.out = out;
        command.err = err;
        CommandLine cli = new CommandLine(command).setOut(out).setErr(err)
                .setExecutionExceptionHandler((e, commandLine, parsed) -> {
                    err.println("error: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
                    return UNREADABLE;
                })
                .setParameterExceptionHandler((e, a) -> {
                    err.println("error: " + e.getMessage() + " (see --help)");
                    return UNREADABLE;
                });
        return cli.execute(args);
    }

    @Override
    public Integer call() {
        try {
            PublicKey key = KeyStoreFiles.readPublicKey(publicKey);
            ArtifactStore store = artifacts == null ? null : new ArtifactStore(artifacts);
            List<TreeHeadJson> known = readState();
            try (LogSource log = source.url != null ? new HttpLogSource(source.url, bearer()) : new ExportLogSource(source.export)) {
                VerificationReport report = new LogVerification(key, store, deltaModels)
                        .checkingEveryEntrySignature(allEntrySignatures).verify(log, known);
                saveState(log, known);
                out.println(report.summary());
                return OK;
            }
        } catch (VerificationFailure e) {
            err.println("FAIL: " + e.getMessage());
            return FAILED;
        } catch (SourceException | KeyFileException e) {
            err.println("error: " + e.getMessage());
            return UNREADABLE;
        }
    }

    private String bearer() {
        if (tokenFile == null) {
            return token == null || token.isBlank() ? null : token.strip();
        }
        try {
            return Files.readString(tokenFile, StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new SourceException("cannot read the token file " + tokenFile + ": " + e.getMessage(), e);
        }
    }

    private List<TreeHeadJson> readState() {
        if (state == null || !Files.exists(state)) {
            return List.of();
        }
        try {
            return new ObjectMapper().readValue(state.toFile(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new SourceException("cannot read the state file " + state + ": " + e.getMessage(), e);
        }
    }

    private void saveState(LogSource log, List<TreeHeadJson> known) {
        if (state == null) {
            return;
        }
        List<TreeHeadJson> heads = new ArrayList<>(known);
        log.heads().stream().filter(h -> known.stream().noneMatch(k -> k.treeSize() == h.treeSize())).forEach(heads::add);
        try {
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(state.toFile(), heads);
        } catch (IOException e) {
            throw new SourceException("cannot write the state file " + state + ": " + e.getMessage(), e);
        }
    }
}
