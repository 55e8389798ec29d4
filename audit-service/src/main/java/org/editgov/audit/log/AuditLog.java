package org.editgov.audit.log;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.editgov.audit.merkle.ConsistencyProof;
import org.editgov.audit.merkle.InclusionProof;
import org.editgov.audit.merkle.LeafHashSource;
import org.editgov.audit.merkle.MerkleTree;
import org.editgov.audit.signing.SignedTreeHead;
import org.editgov.audit.signing.TreeHead;
import org.jboss.logging.Logger;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The append-only log: entries in PostgreSQL, the Merkle tree over their leaf hashes in memory (rebuilt from
 * the database at start), and a signed tree head after every append batch.
 *
 * <p>Appends take the database's writer lock, so any number of instances can consume and serve: an
 * instance first catches its tree up with entries another instance committed, then appends. The database is
 * the source of truth for the latest head; proofs come from the in-memory tree, caught up on demand.
 */
// Eager, so that a damaged database or unreadable key stops the service at start, not at its first request.
@Startup
@ApplicationScoped
public class AuditLog {

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private final LogStore store;
    private final LogKeys keys;
    private final ReentrantLock treeLock = new ReentrantLock();
    private volatile MerkleTree tree;

    public AuditLog(LogStore store, LogKeys keys) {
        this.store = store;
        this.keys = keys;
        this.tree = loadTree();
        signInitialHead();
    }

    /**
     * Appends every event not already in the log (by event id, also within the batch), stores the rejected
     * records, and signs a head over the new tree, all in one transaction.
     */
    public AppendResult append(List<IncomingEvent> events, List<RejectedRecord> rejected) {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            treeLock.lock();
            try {
                store.lockWriter(c);
                long size = store.size(c);
                catchUp(size);
                Set<String> existing = store.existingEventIds(c, events.stream().map(e -> e.event().eventId()).toList());
                Set<String> seen = new HashSet<>();
                List<NewEntry> entries = new ArrayList<>();
                for (IncomingEvent e : events) {
                    String id = e.event().eventId();
                    if (!existing.contains(id) && seen.add(id)) {
                        entries.add(NewEntry.create(size + entries.size(), EntryFacts.of(e.event()), e.json(),
                                keys.signer()));
                    }
                }
                store.insert(c, entries);
                if (!rejected.isEmpty()) {
                    store.insertRejected(c, rejected);
                }
                SignedTreeHead head;
                if (entries.isEmpty()) {
                    head = store.latestHead().orElseThrow();
                } else {
                    entries.forEach(e -> tree.append(e.leafHash()));
                    head = signCurrent();
                    store.insertHead(c, head);
                }
                c.commit();
                return new AppendResult(entries.size(), events.size() - entries.size(), rejected.size(), head);
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                // The tree may hold leaves of the rolled-back batch: rebuild it from what was committed.
                tree = loadTree();
                throw e;
            } finally {
                treeLock.unlock();
            }
        } catch (SQLException e) {
            throw new LogStorageException("cannot append to the log", e);
        }
    }

    /** The newest signed head, as stored (another instance may have signed it). */
    public SignedTreeHead latestHead() {
        SignedTreeHead head = store.latestHead()
                .orElseThrow(() -> new LogIntegrityException("the log has no signed tree head"));
        ensureTree(head.head().treeSize());
        return head;
    }

    public Optional<SignedTreeHead> head(long treeSize) {
        return store.head(treeSize);
    }

    public InclusionProof inclusionProof(long index, long treeSize) {
        ensureTree(treeSize);
        return tree.inclusionProof(index, treeSize);
    }

    public ConsistencyProof consistencyProof(long firstSize, long secondSize) {
        ensureTree(secondSize);
        return tree.consistencyProof(firstSize, secondSize);
    }

    public String keyId() {
        return keys.keyId();
    }

    public String publicKeyPem() {
        return keys.publicKeyPem();
    }

    private void ensureTree(long size) {
        if (tree.size() >= size) {
            return;
        }
        treeLock.lock();
        try {
            catchUp(Math.min(size, store.size()));
        } finally {
            treeLock.unlock();
        }
    }

    /** Appends to the tree the leaves other writers committed, up to {@code size}. Holds treeLock. */
    private void catchUp(long size) {
        long from = tree.size();
        if (size < from) {
            throw new LogIntegrityException("the database holds " + size + " entries but this log has "
                    + from + "; entries were removed; run bin/audit-verify");
        }
        while (from < size) {
            int count = (int) Math.min(4096, size - from);
            List<byte[]> hashes = store.leafHashes(from, count);
            if (hashes.size() != count) {
                throw new LogIntegrityException("entries are missing from the database between " + from + " and "
                        + (from + count) + "; run bin/audit-verify");
            }
            hashes.forEach(tree::append);
            from += count;
        }
    }

    private MerkleTree loadTree() {
        try {
            return MerkleTree.load(new LeafHashSource() {
                @Override
                public long size() {
                    return store.size();
                }

                @Override
                public byte[] leafHash(long index) {
                    return leafHashes(index, 1).get(0);
                }

                @Override
                public List<byte[]> leafHashes(long from, int count) {
                    return store.leafHashes(from, count);
                }
            });
        } catch (IllegalStateException e) {
            throw new LogIntegrityException("entries are missing from the database (" + e.getMessage()
                    + "); run bin/audit-verify");
        }
    }

    /** Signs a head at first start (the empty log) or after a crash left the tree ahead of its last head. */
    private void signInitialHead() {
        try (Connection c = store.connection()) {
            c.setAutoCommit(false);
            treeLock.lock();
            try {
                store.lockWriter(c);
                catchUp(store.size(c));
                Optional<SignedTreeHead> latest = store.latestHead();
                long signed = latest.map(h -> h.head().treeSize()).orElse(-1L);
                if (signed > tree.size()) {
                    throw new LogIntegrityException("the latest signed head covers " + signed
                            + " entries but the database holds " + tree.size() + "; run bin/audit-verify");
                }
                if (signed < tree.size()) {
                    store.insertHead(c, signCurrent());
                    LOG.infof("signed the tree head of size %d at start", tree.size());
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                rollback(c);
                throw e;
            } finally {
                treeLock.unlock();
            }
        } catch (SQLException e) {
            throw new LogStorageException("cannot sign the log's tree head", e);
        }
    }

    private SignedTreeHead signCurrent() {
        long size = tree.size();
        return keys.signer().sign(new TreeHead(size, tree.rootHash(size), Instant.now().truncatedTo(ChronoUnit.MILLIS)));
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException e) {
            LOG.warn("rollback of a failed append failed: " + e.getMessage());
        }
    }
}
