package org.editgov.audit.wire;

/** One entry with its inclusion proof and the signed tree head the proof leads to. */
public record ProvenEntryJson(LogEntryJson entry, TreeHeadJson treeHead) {
}
