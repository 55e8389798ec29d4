package org.editgov.memit.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.editgov.memit.edit.requests.EditRequest;
import org.editgov.memit.edit.requests.RequestFile;
import picocli.CommandLine.Option;

/** The requests a command edits: {@code --requests FILE [--limit N]}, shared by edit and sweep. */
final class RequestOptions {

    @Option(names = "--requests", required = true, paramLabel = "FILE",
            description = "CounterFact JSON (reduced or full form) or JSONL {subject, prompt, target_new, target_true?}.")
    Path requests;

    @Option(names = "--limit", paramLabel = "N", description = "Edit only the first N requests.")
    Integer limit;

    /** The file's requests, every one validated, cut to the limit. */
    List<EditRequest> read() throws IOException {
        if (limit != null && limit < 1) {
            throw new IllegalArgumentException("--limit must be at least 1, got " + limit);
        }
        List<EditRequest> all = RequestFile.read(requests);
        return limit == null ? all : all.subList(0, Math.min(limit, all.size()));
    }
}
