package org.editgov.audit.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.editgov.audit.merkle.MerkleFrontier;
import org.editgov.audit.merkle.MerkleHashing;
import org.editgov.audit.merkle.MerkleVerifier;
import org.editgov.audit.merkle.ProofVerificationException;
import org.editgov.audit.signing.EntrySignature;
import org.editgov.audit.signing.LogVerifier;
import org.editgov.audit.signing.SignatureCheckException;
import org.editgov.audit.signing.SignedTreeHead;
import org.editgov.audit.wire.ConsistencyProofJson;
import org.editgov.audit.wire.InclusionProofJson;
import org.editgov.audit.wire.LogEntryJson;
import org.editgov.audit.wire.TreeHeadJson;
import org.editgov.audit.wire.WireFormatException;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Checks a whole log with only its public key: every tree head's signature; consistency between each signed
 * head and the next (hence, by transitivity, between every pair, checked again by recomputing every head's
 * root from the entries); every entry's position, content signature and inclusion proof; and every weight
 * delta against the artifact store. Stops at the first failure, naming the head or entry.
 *
 * <p>Entries stream through a {@link MerkleFrontier}; only the entries since the last signed head are held, so
 * memory stays small whatever the log's size.
 */
public final class LogVerification {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final LogVerifier verifier;
    private final ArtifactStore artifacts;
    private final Set<String> deltaModels;
    private boolean allEntrySignatures;

    /** @param artifacts the artifact store to check deltas against, or null to skip that check */
    public LogVerification(PublicKey publicKey, ArtifactStore artifacts) {
        this(publicKey, artifacts, Set.of());
    }

    /**
     * @param deltaModels the models whose deltas the artifact store must hold (a store of some models only);
     *                    empty: every model's
     */
    public LogVerification(PublicKey publicKey, ArtifactStore artifacts, Set<String> deltaModels) {
        this.verifier = new LogVerifier(publicKey);
        this.artifacts = artifacts;
        this.deltaModels = Set.copyOf(deltaModels);
    }

    /**
     * Checks every entry's own signature, not only those of entries under a signed root that does not match
     * (which is enough to detect any change and name it; the full check costs one Ed25519 verification each).
     */
    public LogVerification checkingEveryEntrySignature(boolean all) {
        this.allEntrySignatures = all;
        return this;
    }

    /**
     * @param knownHeads heads seen on earlier runs (for example by another auditor): they must be signed by
     *                   the key and lie on this log, which catches a log rewritten between two runs
     */
    public VerificationReport verify(LogSource source, Collection<TreeHeadJson> knownHeads) throws VerificationFailure {
        TreeMap<Long, SignedTreeHead> heads = new TreeMap<>();
        List<TreeHeadJson> all = new ArrayList<>(source.heads());
        all.addAll(knownHeads);
        for (TreeHeadJson json : all) {
            SignedTreeHead head = checkSignature(json);
            SignedTreeHead other = heads.putIfAbsent(head.head().treeSize(), head);
            if (other != null && !MessageDigest.isEqual(other.head().rootHash(), head.head().rootHash())) {
                throw new VerificationFailure("two signed tree heads of size " + head.head().treeSize()
                        + " have different roots: the log was forked or rewritten");
            }
        }
        if (heads.isEmpty()) {
            throw new VerificationFailure(source.describe() + " has no signed tree head");
        }
        int consistencyProofs = checkConsistency(source, heads);
        SignedTreeHead latest = heads.lastEntry().getValue();
        long size = latest.head().treeSize();

        MerkleFrontier frontier = new MerkleFrontier();
        Iterator<Map.Entry<Long, SignedTreeHead>> pendingHeads = heads.entrySet().iterator();
        Map.Entry<Long, SignedTreeHead> nextHead = skipEmpty(pendingHeads, frontier);
        Set<String> deltasChecked = new HashSet<>();
        List<Pending> sinceLastHead = new ArrayList<>();
        long inclusionProofs = 0;
        long position = 0;
        Iterator<LogEntryJson> entries = source.entries(size);
        while (entries.hasNext()) {
            LogEntryJson entry = entries.next();
            if (entry.index() >= size) {
                break;
            }
            if (entry.index() != position) {
                throw new VerificationFailure(entry.index() > position
                        ? "entry " + position + " is missing: the log goes from entry " + (position - 1) + " to "
                        + entry.index()
                        : "entry " + entry.index() + " appears again after entry " + (position - 1));
            }
            Pending pending = checkEntry(position, entry);
            if (allEntrySignatures) {
                checkEntrySignature(pending);
            } else {
                sinceLastHead.add(pending);
            }
            if (entry.inclusionProof() != null) {
                checkInclusion(position, pending.leafHash(), entry.inclusionProof(), heads);
                inclusionProofs++;
            }
            checkDelta(pending, deltasChecked);
            frontier.append(pending.leafHash());
            position++;
            while (nextHead != null && nextHead.getKey() == frontier.size()) {
                if (!MessageDigest.isEqual(frontier.rootHash(), nextHead.getValue().head().rootHash())) {
                    // The signed root covers every entry: only now is it worth a signature check per entry,
                    // to name the one that changed.
                    for (Pending p : sinceLastHead) {
                        checkEntrySignature(p);
                    }
                    throw new VerificationFailure("entries 0 to " + (position - 1) + " do not hash to the root of"
                            + " the signed tree head of size " + nextHead.getKey());
                }
                sinceLastHead.clear();
                nextHead = pendingHeads.hasNext() ? pendingHeads.next() : null;
            }
        }
        if (position < size) {
            throw new VerificationFailure("entry " + position + " is missing: the log ends at entry " + (position - 1)
                    + " but the signed tree head of size " + size + " covers " + size + " entries");
        }
        return new VerificationReport(position, heads.size(), consistencyProofs, inclusionProofs,
                deltasChecked.size(), artifacts == null, latest);
    }

    private SignedTreeHead checkSignature(TreeHeadJson json) throws VerificationFailure {
        SignedTreeHead head;
        try {
            head = json.toSigned();
        } catch (WireFormatException e) {
            throw new VerificationFailure(e.getMessage());
        }
        try {
            verifier.check(head);
        } catch (SignatureCheckException e) {
            throw new VerificationFailure(e.getMessage());
        }
        return head;
    }

    private int checkConsistency(LogSource source, TreeMap<Long, SignedTreeHead> heads) throws VerificationFailure {
        int checked = 0;
        SignedTreeHead previous = null;
        for (SignedTreeHead head : heads.values()) {
            if (previous != null) {
                long first = previous.head().treeSize();
                long second = head.head().treeSize();
                Optional<ConsistencyProofJson> proof = source.consistency(first, second);
                if (proof.isPresent()) {
                    try {
                        MerkleVerifier.checkConsistency(first, second, previous.head().rootHash(),
                                head.head().rootHash(), proof.get().pathBytes());
                    } catch (ProofVerificationException | WireFormatException e) {
                        throw new VerificationFailure("signed tree heads of sizes " + first + " and " + second
                                + " are not consistent: " + e.getMessage());
                    }
                    checked++;
                }
            }
            previous = head;
        }
        return checked;
    }

    /** An entry read and hashed, whose signature is checked when its head's root does not match. */
    private record Pending(long position, LogEntryJson entry, JsonNode content, byte[] leafHash) {
    }

    /** Checks an entry's content against its position and stored leaf hash. */
    private static Pending checkEntry(long position, LogEntryJson entry) throws VerificationFailure {
        if (entry.canonicalEntry() == null) {
            throw new VerificationFailure("entry " + position + " has no content");
        }
        byte[] leafHash = MerkleHashing.leafHash(entry.canonicalEntry().getBytes(StandardCharsets.UTF_8));
        JsonNode content;
        try {
            content = JSON.readTree(entry.canonicalEntry());
        } catch (IOException e) {
            throw new VerificationFailure("entry " + position + " is not JSON any more: its content was altered");
        }
        String what = describe(position, content);
        if (!content.path("index").canConvertToLong() || content.path("index").asLong() != position) {
            throw new VerificationFailure(what + " was written for index " + content.path("index").asText("?")
                    + ": entries were moved");
        }
        if (entry.leafHash() != null && !entry.leafHash().equals(HexFormat.of().formatHex(leafHash))) {
            throw new VerificationFailure(what + " does not hash to its stored leaf hash: its content was altered");
        }
        return new Pending(position, entry, content, leafHash);
    }

    private void checkEntrySignature(Pending p) throws VerificationFailure {
        byte[] signature;
        try {
            signature = Base64.getDecoder().decode(p.entry().signature() == null ? "" : p.entry().signature());
        } catch (IllegalArgumentException e) {
            throw new VerificationFailure(describe(p.position(), p.content()) + " has a malformed signature");
        }
        if (!verifier.verify(EntrySignature.signingInput(p.position(), p.leafHash()), signature)) {
            throw new VerificationFailure(describe(p.position(), p.content())
                    + " does not match what the log signed: its content was altered");
        }
    }

    private static void checkInclusion(long position, byte[] leafHash, InclusionProofJson proof,
                                       TreeMap<Long, SignedTreeHead> heads) throws VerificationFailure {
        SignedTreeHead head = heads.get(proof.treeSize());
        if (head == null) {
            throw new VerificationFailure("entry " + position + " comes with a proof for tree size "
                    + proof.treeSize() + ", which no signed head has");
        }
        try {
            MerkleVerifier.checkInclusion(position, proof.treeSize(), leafHash, proof.pathBytes(),
                    head.head().rootHash());
        } catch (ProofVerificationException | WireFormatException e) {
            throw new VerificationFailure("entry " + position + " is not in the signed tree head of size "
                    + proof.treeSize() + ": " + e.getMessage());
        }
    }

    private void checkDelta(Pending p, Set<String> checked) throws VerificationFailure {
        if (artifacts == null) {
            return;
        }
        JsonNode content = p.content();
        String sha = content.path("deltaSha256").asText(null);
        boolean inScope = deltaModels.isEmpty() || deltaModels.contains(content.path("modelId").asText());
        if (sha == null || !inScope || checked.contains(sha)) {
            return;
        }
        String mismatch = artifacts.mismatch(sha, content.path("deltaSizeBytes").asLong(-1));
        if (mismatch != null) {
            throw new VerificationFailure(describe(p.position(), content) + " names weight delta " + sha + ", which "
                    + mismatch);
        }
        checked.add(sha);
    }

    private static Map.Entry<Long, SignedTreeHead> skipEmpty(Iterator<Map.Entry<Long, SignedTreeHead>> heads,
                                                            MerkleFrontier frontier) throws VerificationFailure {
        while (heads.hasNext()) {
            Map.Entry<Long, SignedTreeHead> head = heads.next();
            if (head.getKey() > 0) {
                return head;
            }
            if (!MessageDigest.isEqual(frontier.rootHash(), head.getValue().head().rootHash())) {
                throw new VerificationFailure("the signed tree head of size 0 does not have the empty root");
            }
        }
        return null;
    }

    private static String describe(long position, JsonNode content) {
        StringBuilder s = new StringBuilder("entry ").append(position);
        String type = content.path("type").asText("");
        String eventId = content.path("eventId").asText("");
        if (!type.isEmpty() || !eventId.isEmpty()) {
            s.append(" (").append(type);
            if (!eventId.isEmpty()) {
                s.append(type.isEmpty() ? "" : " ").append("event ").append(eventId);
            }
            s.append(')');
        }
        return s.toString();
    }
}
