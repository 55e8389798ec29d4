package org.editgov.audit.log;

import org.editgov.audit.signing.SignedTreeHead;

/**
 * What one append did: how many events became entries, how many were already in the log, how many records
 * were rejected, and the head signed over the result (the previous head when nothing was appended).
 */
public record AppendResult(int appended, int duplicates, int rejected, SignedTreeHead head) {
}
