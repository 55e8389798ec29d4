package org.editgov.audit.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * Entries [from, to) of the log; when {@code treeHead} is present every entry carries its inclusion proof
 * against that head.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EntryPageJson(long from, long to, TreeHeadJson treeHead, List<LogEntryJson> entries) {
}
