package org.editgov.audit.wire;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One leaf of the log as verifiers read it: {@code canonicalEntry} holds the exact RFC 8785 JSON text whose
 * leaf hash is SHA-256(0x00 || UTF-8 bytes), {@code leafHash} that hash (hex), {@code signature} the log key's
 * Ed25519 signature (base64) over {@link org.editgov.audit.signing.EntrySignature}, and
 * {@code inclusionProof} the proof against a signed tree head when one was asked for.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record LogEntryJson(long index, String leafHash, String signature, String canonicalEntry,
                           InclusionProofJson inclusionProof) {
}
