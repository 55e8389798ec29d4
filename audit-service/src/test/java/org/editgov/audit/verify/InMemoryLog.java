package org.editgov.audit.verify;

import com.fasterxml.jackson.databind.JsonNode;
import org.editgov.audit.log.EntryFacts;
import org.editgov.audit.log.NewEntry;
import org.editgov.audit.merkle.MerkleTree;
import org.editgov.audit.signing.Ed25519Keys;
import org.editgov.audit.signing.LogSigner;
import org.editgov.audit.signing.TreeHead;
import org.editgov.audit.support.Flow;
import org.editgov.audit.wire.ConsistencyProofJson;
import org.editgov.audit.wire.InclusionProofJson;
import org.editgov.audit.wire.LogEntryJson;
import org.editgov.audit.wire.TreeHeadJson;
import org.editgov.contracts.EventCodec;
import org.editgov.contracts.EventEnvelope;

import java.security.KeyPair;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * A log built exactly as the service builds it (NewEntry, MerkleTree, LogSigner), held in lists a test can
 * damage, and served as a {@link LogSource} with inclusion and consistency proofs.
 */
final class InMemoryLog implements LogSource {

    private static final EventCodec CODEC = new EventCodec();

    final KeyPair keys;
    final List<LogEntryJson> entries;
    final List<TreeHeadJson> heads;
    private final MerkleTree tree;
    private final LogSigner signer;

    /** Appends the flows' events in batches of {@code batch}, signing a head after each. */
    InMemoryLog(List<Flow> flows, int batch) {
        keys = Ed25519Keys.generate();
        entries = new ArrayList<>();
        heads = new ArrayList<>();
        tree = new MerkleTree();
        signer = new LogSigner(keys);
        List<EventEnvelope<?>> events = flows.stream().flatMap(f -> f.events.stream()).toList();
        sign(Instant.parse("2026-11-25T08:00:00Z"));
        for (int i = 0; i < events.size(); i++) {
            EventEnvelope<?> event = events.get(i);
            JsonNode json = CODEC.toTree(event);
            NewEntry entry = NewEntry.create(i, EntryFacts.of(event), json, signer);
            tree.append(entry.leafHash());
            entries.add(new LogEntryJson(i, HexFormat.of().formatHex(entry.leafHash()),
                    Base64.getEncoder().encodeToString(entry.signature()), entry.canonicalJson(), null));
            if ((i + 1) % batch == 0 || i == events.size() - 1) {
                sign(Instant.parse("2026-11-25T08:00:00Z").plusSeconds(i + 1));
            }
        }
    }

    /** A copy whose lists a test can damage without touching the original (the tree and keys are shared). */
    InMemoryLog(InMemoryLog original) {
        keys = original.keys;
        entries = new ArrayList<>(original.entries);
        heads = new ArrayList<>(original.heads);
        tree = original.tree;
        signer = original.signer;
    }

    long size() {
        return tree.size();
    }

    /** Adds to every entry its inclusion proof against the latest head, as the HTTP API serves them. */
    void addProofs() {
        long size = tree.size();
        entries.replaceAll(e -> new LogEntryJson(e.index(), e.leafHash(), e.signature(), e.canonicalEntry(),
                InclusionProofJson.of(tree.inclusionProof(e.index(), size))));
    }

    private void sign(Instant at) {
        heads.add(TreeHeadJson.of(signer.sign(new TreeHead(tree.size(), tree.rootHash(), at))));
    }

    @Override
    public List<TreeHeadJson> heads() {
        return heads;
    }

    @Override
    public Optional<ConsistencyProofJson> consistency(long firstSize, long secondSize) {
        return Optional.of(ConsistencyProofJson.of(tree.consistencyProof(firstSize, secondSize)));
    }

    @Override
    public Iterator<LogEntryJson> entries(long treeSize) {
        return entries.iterator();
    }

    @Override
    public String describe() {
        return "in-memory log";
    }
}
