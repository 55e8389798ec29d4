package org.editgov.audit.verify;

import org.editgov.audit.wire.ConsistencyProofJson;
import org.editgov.audit.wire.LogEntryJson;
import org.editgov.audit.wire.TreeHeadJson;

import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/** Where a verifier reads a log from: the service's HTTP API or an export file. */
public interface LogSource extends AutoCloseable {

    /** Every signed tree head the source offers, in any order. */
    List<TreeHeadJson> heads();

    /** The consistency proof between two sizes, when the source has one. */
    Optional<ConsistencyProofJson> consistency(long firstSize, long secondSize);

    /**
     * Entries from index 0 up to {@code treeSize} in index order (missing or extra rows included, as stored);
     * with inclusion proofs against the head of {@code treeSize} when the source serves them.
     */
    Iterator<LogEntryJson> entries(long treeSize);

    /** Where the log came from, for messages. */
    String describe();

    @Override
    default void close() {
    }
}
