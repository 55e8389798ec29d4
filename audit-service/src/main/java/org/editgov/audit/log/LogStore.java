package org.editgov.audit.log;

import jakarta.enterprise.context.ApplicationScoped;
import org.editgov.audit.signing.SignedTreeHead;
import org.editgov.audit.signing.TreeHead;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The log's tables in PostgreSQL (see db/migration). Plain JDBC: the log is a handful of fixed statements and
 * the append path wants batch inserts under one explicit transaction and lock, which an ORM would only hide.
 * Methods that take a {@link Connection} run inside the caller's transaction.
 */
@ApplicationScoped
public class LogStore {

    // pg_advisory_xact_lock key of the single writer ("editgov" in ASCII): held by the appending transaction,
    // so two instances of the service never give two entries the same index or sign two different heads.
    private static final long WRITER_LOCK = 0x65646974676f76L;

    private static final String ENTRY_COLUMNS = "idx, event_id::text, event_type, model_id, model_version, batch_id,"
            + " actor_id, occurred_at, entry_json, leaf_hash, signature";

    private final DataSource dataSource;

    public LogStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /** Takes the writer lock for the rest of the connection's transaction. */
    public void lockWriter(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select pg_advisory_xact_lock(?)")) {
            s.setLong(1, WRITER_LOCK);
            s.execute();
        }
    }

    /** Number of entries: one past the highest index (a deleted row does not shrink it). */
    public long size(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select coalesce(max(idx) + 1, 0) from log_entry");
             ResultSet r = s.executeQuery()) {
            r.next();
            return r.getLong(1);
        }
    }

    public long size() {
        try (Connection c = connection()) {
            return size(c);
        } catch (SQLException e) {
            throw new LogStorageException("cannot count the log's entries", e);
        }
    }

    public Set<String> existingEventIds(Connection c, Collection<String> eventIds) throws SQLException {
        Set<String> found = new HashSet<>();
        if (eventIds.isEmpty()) {
            return found;
        }
        try (PreparedStatement s = c.prepareStatement(
                "select event_id::text from log_entry where event_id = any(?::uuid[])")) {
            s.setArray(1, c.createArrayOf("text", eventIds.toArray()));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    found.add(r.getString(1));
                }
            }
        }
        return found;
    }

    public void insert(Connection c, List<NewEntry> entries) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into log_entry (idx, event_id, event_type, model_id,"
                + " model_version, batch_id, edit_ids, actor_id, actor_kind, occurred_at, delta_sha256, delta_size,"
                + " entry_json, leaf_hash, signature) values (?, ?::uuid, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (NewEntry e : entries) {
                EntryFacts f = e.facts();
                s.setLong(1, e.index());
                s.setString(2, f.eventId());
                s.setString(3, f.type());
                s.setString(4, f.modelId());
                setNullable(s, 5, f.modelVersion(), Types.INTEGER);
                s.setString(6, f.batchId());
                s.setArray(7, c.createArrayOf("text", f.editIds().toArray()));
                s.setString(8, f.actor().id());
                s.setString(9, f.actor().kind().name());
                s.setTimestamp(10, Timestamp.from(f.occurredAt()));
                s.setString(11, f.deltaSha256());
                setNullable(s, 12, f.deltaSizeBytes(), Types.BIGINT);
                s.setString(13, e.canonicalJson());
                s.setBytes(14, e.leafHash());
                s.setBytes(15, e.signature());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    public void insertHead(Connection c, SignedTreeHead sth) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into tree_head (tree_size, root_hash, timestamp_text,"
                + " key_id, signature) values (?, ?, ?, ?, ?) on conflict (tree_size) do nothing")) {
            s.setLong(1, sth.head().treeSize());
            s.setBytes(2, sth.head().rootHash());
            s.setString(3, sth.head().timestamp().toString());
            s.setString(4, sth.keyId());
            s.setBytes(5, sth.signature());
            s.executeUpdate();
        }
    }

    public void insertRejected(Connection c, List<RejectedRecord> rejected) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("insert into rejected_record (topic, kafka_partition,"
                + " kafka_offset, reason, raw_value) values (?, ?, ?, ?, ?) on conflict do nothing")) {
            for (RejectedRecord r : rejected) {
                s.setString(1, r.topic());
                s.setInt(2, r.partition());
                s.setLong(3, r.offset());
                s.setString(4, r.reason());
                s.setString(5, r.rawValue());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** Leaf hashes of [from, from + count) in index order; fewer when rows are missing. */
    public List<byte[]> leafHashes(long from, int count) {
        List<byte[]> hashes = new ArrayList<>(count);
        try (Connection c = connection(); PreparedStatement s = c.prepareStatement(
                "select leaf_hash from log_entry where idx >= ? and idx < ? order by idx")) {
            s.setLong(1, from);
            s.setLong(2, from + count);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    hashes.add(r.getBytes(1));
                }
            }
        } catch (SQLException e) {
            throw new LogStorageException("cannot read leaf hashes from " + from, e);
        }
        return hashes;
    }

    public Optional<StoredEntry> entry(long index) {
        List<StoredEntry> found = entries(index, index + 1);
        return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    /** The stored entries with index in [from, to), in order (a missing row is simply absent). */
    public List<StoredEntry> entries(long from, long to) {
        return queryEntries("select " + ENTRY_COLUMNS + " from log_entry where idx >= ? and idx < ? order by idx",
                s -> {
                    s.setLong(1, from);
                    s.setLong(2, to);
                });
    }

    public List<StoredEntry> history(HistoryQuery q) {
        StringBuilder sql = new StringBuilder("select " + ENTRY_COLUMNS + " from log_entry where idx > ?");
        List<Object> args = new ArrayList<>();
        args.add(q.afterIndex());
        filter(sql, args, q.modelId(), " and model_id = ?");
        filter(sql, args, q.editId(), " and ? = any(edit_ids)");
        filter(sql, args, q.batchId(), " and batch_id = ?");
        filter(sql, args, q.actorId(), " and actor_id = ?");
        filter(sql, args, q.type(), " and event_type = ?");
        filter(sql, args, q.from() == null ? null : Timestamp.from(q.from()), " and occurred_at >= ?");
        filter(sql, args, q.to() == null ? null : Timestamp.from(q.to()), " and occurred_at < ?");
        sql.append(" order by idx limit ?");
        args.add(q.limit());
        return queryEntries(sql.toString(), s -> {
            for (int i = 0; i < args.size(); i++) {
                s.setObject(i + 1, args.get(i));
            }
        });
    }

    /** Every entry that names one of these edits, in log order. */
    public List<StoredEntry> entriesForEdits(Collection<String> editIds) {
        if (editIds.isEmpty()) {
            return List.of();
        }
        return queryEntries("select " + ENTRY_COLUMNS + " from log_entry where edit_ids && ? order by idx",
                (c, s) -> s.setArray(1, c.createArrayOf("text", editIds.toArray())));
    }

    /** Every entry of a model in [from, to) of event time, plus every entry naming one of its batches there. */
    public List<StoredEntry> modelPeriod(String modelId, Instant from, Instant to) {
        return queryEntries("select " + ENTRY_COLUMNS + " from log_entry where model_id = ? and occurred_at >= ?"
                + " and occurred_at < ? order by idx", s -> {
                    s.setString(1, modelId);
                    s.setTimestamp(2, Timestamp.from(from));
                    s.setTimestamp(3, Timestamp.from(to));
                });
    }

    /** Streams the entries with index below {@code to} in order, without holding them all in memory. */
    public void forEachEntry(long to, Consumer<StoredEntry> sink) {
        try (Connection c = connection()) {
            c.setAutoCommit(false);
            try (PreparedStatement s = c.prepareStatement("select " + ENTRY_COLUMNS + " from log_entry where idx < ? order by idx")) {
                s.setLong(1, to);
                s.setFetchSize(1000);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        sink.accept(toEntry(r));
                    }
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new LogStorageException("cannot read the log's entries", e);
        }
    }

    public Optional<SignedTreeHead> latestHead() {
        List<SignedTreeHead> heads = queryHeads(
                "select tree_size, root_hash, timestamp_text, key_id, signature from tree_head"
                        + " order by tree_size desc limit 1", s -> { });
        return heads.isEmpty() ? Optional.empty() : Optional.of(heads.get(0));
    }

    public Optional<SignedTreeHead> head(long treeSize) {
        List<SignedTreeHead> heads = queryHeads(
                "select tree_size, root_hash, timestamp_text, key_id, signature from tree_head where tree_size = ?",
                s -> s.setLong(1, treeSize));
        return heads.isEmpty() ? Optional.empty() : Optional.of(heads.get(0));
    }

    /** Signed heads with size in [fromSize, toSize], smallest first. */
    public List<SignedTreeHead> heads(long fromSize, long toSize) {
        return queryHeads("select tree_size, root_hash, timestamp_text, key_id, signature from tree_head"
                + " where tree_size >= ? and tree_size <= ? order by tree_size", s -> {
                    s.setLong(1, fromSize);
                    s.setLong(2, toSize);
                });
    }

    /** The smallest signed head that covers the entry with this index. */
    public Optional<SignedTreeHead> headCovering(long index) {
        List<SignedTreeHead> heads = queryHeads("select tree_size, root_hash, timestamp_text, key_id, signature"
                + " from tree_head where tree_size > ? order by tree_size limit 1", s -> s.setLong(1, index));
        return heads.isEmpty() ? Optional.empty() : Optional.of(heads.get(0));
    }

    private interface Binder {
        void bind(PreparedStatement s) throws SQLException;
    }

    private interface ConnectionBinder {
        void bind(Connection c, PreparedStatement s) throws SQLException;
    }

    private List<StoredEntry> queryEntries(String sql, Binder binder) {
        return queryEntries(sql, (c, s) -> binder.bind(s));
    }

    private List<StoredEntry> queryEntries(String sql, ConnectionBinder binder) {
        List<StoredEntry> entries = new ArrayList<>();
        try (Connection c = connection(); PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(c, s);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    entries.add(toEntry(r));
                }
            }
        } catch (SQLException e) {
            throw new LogStorageException("cannot read log entries", e);
        }
        return entries;
    }

    private List<SignedTreeHead> queryHeads(String sql, Binder binder) {
        List<SignedTreeHead> heads = new ArrayList<>();
        try (Connection c = connection(); PreparedStatement s = c.prepareStatement(sql)) {
            binder.bind(s);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    heads.add(new SignedTreeHead(new TreeHead(r.getLong(1), r.getBytes(2),
                            Instant.parse(r.getString(3))), r.getString(4), r.getBytes(5)));
                }
            }
        } catch (SQLException e) {
            throw new LogStorageException("cannot read tree heads", e);
        }
        return heads;
    }

    private static StoredEntry toEntry(ResultSet r) throws SQLException {
        int version = r.getInt(5);
        Integer modelVersion = r.wasNull() ? null : version;
        return new StoredEntry(r.getLong(1), r.getString(2), r.getString(3), r.getString(4), modelVersion,
                r.getString(6), r.getString(7), r.getTimestamp(8).toInstant(), r.getString(9), r.getBytes(10),
                r.getBytes(11));
    }

    private static void filter(StringBuilder sql, List<Object> args, Object value, String clause) {
        if (value != null) {
            sql.append(clause);
            args.add(value);
        }
    }

    private static void setNullable(PreparedStatement s, int i, Number value, int type) throws SQLException {
        if (value == null) {
            s.setNull(i, type);
        } else {
            s.setObject(i, value, type);
        }
    }

    /** Rejected records stored so far, newest first, at most {@code limit}. */
    public List<RejectedRecord> rejected(int limit) {
        List<RejectedRecord> rejected = new ArrayList<>();
        try (Connection c = connection(); PreparedStatement s = c.prepareStatement("select topic, kafka_partition,"
                + " kafka_offset, reason, raw_value from rejected_record order by id desc limit ?")) {
            s.setInt(1, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    rejected.add(new RejectedRecord(r.getString(1), r.getInt(2), r.getLong(3), r.getString(4),
                            r.getString(5)));
                }
            }
        } catch (SQLException e) {
            throw new LogStorageException("cannot read rejected records", e);
        }
        return rejected;
    }
}
