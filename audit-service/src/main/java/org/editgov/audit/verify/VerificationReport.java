package org.editgov.audit.verify;

import org.editgov.audit.signing.SignedTreeHead;

/** What a successful verification checked. */
public record VerificationReport(long entries, int heads, int consistencyProofs, long inclusionProofs,
                                 int deltasChecked, boolean deltasSkipped, SignedTreeHead latest) {

    public String summary() {
        return "OK: " + entries + " entries, " + heads + " signed tree heads (latest size "
                + latest.head().treeSize() + ", root " + latest.head().rootHashHex() + "), " + consistencyProofs
                + " consistency proofs, " + inclusionProofs + " inclusion proofs, "
                + (deltasSkipped ? "weight deltas not checked (no --artifacts)" : deltasChecked + " weight deltas");
    }
}
