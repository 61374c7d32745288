package mamori.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import mamori.store.Database;

/// The audit tables: append-only inserts, the chain's head, the signing keys, and a paged scan in
/// sequence order that never loads the whole log.
public final class AuditEntryStore {

    static final int PAGE = 10_000;
    /// The columns [#read(ResultSet)] reads, of `audit_signed s` and `audit_entry e`.
    private static final String STORED_COLUMNS = "SELECT s.seq, e.recorded_at, e.terminal_id, e.person_id, e.session_id, e.action, "
            + "e.camera_id, s.canonical, s.entry_hash, e.key_id, s.signature";
    /// An entry as stored: the signed text (`audit_signed`) with its query columns (`audit_entry`,
    /// absent when that row is missing), selected as [#read(ResultSet)] reads them.
    static final String JOINED = STORED_COLUMNS + " FROM audit_signed s LEFT JOIN audit_entry e ON e.seq = s.seq";

    /// One row selected with [#JOINED].
    static StoredEntry read(ResultSet row) throws SQLException {
        OffsetDateTime recorded = row.getObject(2, OffsetDateTime.class);
        return new StoredEntry(row.getLong(1), recorded == null ? null : recorded.toInstant(), row.getString(3),
                row.getString(4), row.getString(5), row.getString(6), row.getString(7),
                new String(row.getBytes(8), java.nio.charset.StandardCharsets.UTF_8), row.getBytes(9), row.getString(10),
                row.getBytes(11));
    }

    private final Database database;

    public AuditEntryStore(Database database) {
        this.database = database;
    }

    /// The last entry's sequence number and hash, if any.
    Optional<Head> head() throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT seq, entry_hash FROM audit_signed ORDER BY seq DESC LIMIT 1");
                ResultSet row = query.executeQuery()) {
            return row.next() ? Optional.of(new Head(row.getLong(1), row.getBytes(2))) : Optional.empty();
        }
    }

    private static final String INSERT_SIGNED = "INSERT INTO audit_signed (seq, canonical, entry_hash, signature) VALUES (?, ?, ?, ?)";
    private static final String INSERT_COLUMNS = "INSERT INTO audit_entry (seq, recorded_at, terminal_id, person_id, session_id, "
            + "action, camera_id, key_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";

    /// The log writer's own connection and statement, kept open between commits; dropped after a
    /// failure so the next commit starts on a fresh connection.
    static final class Writer {
        private Connection connection;
        private PreparedStatement insertSigned;
        private PreparedStatement insertColumns;
        private java.sql.Statement sync;

        Writer open(Database database) throws SQLException {
            if (connection == null) {
                connection = database.connection();
                connection.setAutoCommit(false);
                insertSigned = connection.prepareStatement(INSERT_SIGNED);
                insertColumns = connection.prepareStatement(INSERT_COLUMNS);
                sync = connection.createStatement();
            }
            return this;
        }

        /// Forces what is committed onto the disk. H2 with `WRITE_DELAY=0` writes each commit to
        /// the file (it survives the process being killed) but calls no fsync (measured with
        /// strace: 500 commits, 608 pwrite64, no fsync), so a power cut could lose acknowledged
        /// entries; `CHECKPOINT SYNC` adds the one fsync per group commit that closes that gap.
        void syncToDisk() throws SQLException {
            sync.execute("CHECKPOINT SYNC");
        }

        /// Inserts the entries in one transaction and commits it; rolls back and throws otherwise.
        void insert(List<AuditEntry> entries) throws SQLException {
            try {
                bind(insertSigned, insertColumns, entries);
                insertSigned.executeBatch();
                insertColumns.executeBatch();
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException ignored) {
                    // The connection is dropped below; the rollback failing changes nothing further.
                }
                throw e;
            }
        }

        void closeQuietly() {
            try {
                if (connection != null) {
                    connection.close();
                }
            } catch (SQLException ignored) {
                // A broken connection is being thrown away; nothing else to do with it.
            }
            connection = null;
            insertSigned = null;
            insertColumns = null;
            sync = null;
        }
    }

    private static void bind(PreparedStatement signed, PreparedStatement columns, List<AuditEntry> entries) throws SQLException {
        for (AuditEntry entry : entries) {
            signed.setLong(1, entry.seq());
            signed.setBytes(2, entry.canonical().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            signed.setBytes(3, entry.entryHash());
            signed.setBytes(4, entry.signature());
            signed.addBatch();
            columns.setLong(1, entry.seq());
            columns.setObject(2, OffsetDateTime.ofInstant(entry.recordedAt(), ZoneOffset.UTC));
            columns.setString(3, entry.terminalId());
            columns.setString(4, entry.personId().orElse(null));
            columns.setString(5, entry.sessionId().orElse(null));
            columns.setString(6, entry.action().name());
            columns.setString(7, entry.cameraId().orElse(null));
            columns.setString(8, entry.keyId());
            columns.addBatch();
        }
    }

    void registerKey(String terminalId, AuditSigningKey key, Instant at) throws SQLException {
        database.inTransaction(connection -> {
            try (PreparedStatement merge = connection.prepareStatement(
                    "MERGE INTO audit_key (key_id, terminal_id, public_key, created_at) KEY (key_id) "
                            + "SELECT ?, ?, ?, ? FROM DUAL WHERE NOT EXISTS (SELECT 1 FROM audit_key WHERE key_id = ?)")) {
                merge.setString(1, key.keyId());
                merge.setString(2, terminalId);
                merge.setBytes(3, key.publicKey());
                merge.setObject(4, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                merge.setString(5, key.keyId());
                merge.executeUpdate();
            }
            return null;
        });
    }

    /// The latest stored checkpoint: its size, root and frontier, to resume the Merkle tree from.
    Optional<StoredCheckpoint> latestCheckpoint() throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT tree_size, root, frontier, note FROM audit_checkpoint ORDER BY tree_size DESC LIMIT 1");
                ResultSet row = query.executeQuery()) {
            return row.next() ? Optional.of(new StoredCheckpoint(row.getLong(1), row.getBytes(2), row.getBytes(3), row.getString(4)))
                    : Optional.empty();
        }
    }

    /// Every stored checkpoint note, smallest tree first.
    public List<String> checkpointNotes() throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement("SELECT note FROM audit_checkpoint ORDER BY tree_size");
                ResultSet rows = query.executeQuery()) {
            List<String> notes = new java.util.ArrayList<>();
            while (rows.next()) {
                notes.add(rows.getString(1));
            }
            return notes;
        }
    }

    /// Stores a checkpoint unless one of the same size exists; returns the note stored for that size.
    String saveCheckpoint(long treeSize, Instant at, String reason, byte[] root, byte[] frontier, String note) throws SQLException {
        return database.inTransaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT note FROM audit_checkpoint WHERE tree_size = ?")) {
                query.setLong(1, treeSize);
                try (ResultSet row = query.executeQuery()) {
                    if (row.next()) {
                        return row.getString(1);
                    }
                }
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO audit_checkpoint (tree_size, made_at, reason, root, frontier, note) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setLong(1, treeSize);
                insert.setObject(2, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
                insert.setString(3, reason);
                insert.setBytes(4, root);
                insert.setBytes(5, frontier);
                insert.setString(6, note);
                insert.executeUpdate();
            }
            return note;
        });
    }

    /// The stored checkpoint with the largest tree size not above `maxSize`, if any: where a
    /// check of a range of the log starts without rereading everything before it.
    Optional<StoredCheckpoint> checkpointAtOrBelow(long maxSize) throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT tree_size, root, frontier, note FROM audit_checkpoint WHERE tree_size <= ? ORDER BY tree_size DESC LIMIT 1")) {
            query.setLong(1, maxSize);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(new StoredCheckpoint(row.getLong(1), row.getBytes(2), row.getBytes(3), row.getString(4)))
                        : Optional.empty();
            }
        }
    }

    /// The first and last sequence numbers of the entries recorded in `[from, to)` (by the query
    /// column; callers check the signed time of what they read), if any.
    public Optional<long[]> seqRangeRecorded(Instant from, Instant to) throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT MIN(seq), MAX(seq) FROM audit_entry WHERE recorded_at >= ? AND recorded_at < ?")) {
            query.setObject(1, OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
            query.setObject(2, OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                long first = row.getLong(1);
                return row.wasNull() ? Optional.empty() : Optional.of(new long[] {first, row.getLong(2)});
            }
        }
    }

    /// A stored checkpoint as the log resumes from it.
    record StoredCheckpoint(long treeSize, byte[] root, byte[] frontier, String note) {
    }

    /// Public keys recorded on this database, by key id.
    public Map<String, byte[]> recordedKeys() throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement("SELECT key_id, public_key FROM audit_key");
                ResultSet rows = query.executeQuery()) {
            Map<String, byte[]> keys = new TreeMap<>();
            while (rows.next()) {
                keys.put(rows.getString(1), rows.getBytes(2));
            }
            return keys;
        }
    }

    public long count() throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM audit_signed");
                ResultSet row = query.executeQuery()) {
            row.next();
            return row.getLong(1);
        }
    }

    /// Reads every row in sequence order, a page at a time, and hands each to `visitor`.
    public void scan(EntryVisitor visitor) throws SQLException {
        scanAfter(Long.MIN_VALUE, visitor);
    }

    /// Reads the rows after `afterSeq` in sequence order and hands each to `visitor`.
    public void scanAfter(long afterSeq, EntryVisitor visitor) throws SQLException {
        scanPagesAfter(afterSeq, page -> {
            for (StoredEntry entry : page) {
                if (!visitor.visit(entry)) {
                    return false;
                }
            }
            return true;
        });
    }

    private void scanPagesAfter(long afterSeq, PageVisitor visitor) throws SQLException {
        long after = afterSeq;
        while (true) {
            List<StoredEntry> page = page(after, PAGE);
            if (page.isEmpty() || !visitor.visit(page) || page.size() < PAGE) {
                return;
            }
            after = page.getLast().seq();
        }
    }

    /// Up to `limit` signed texts after `afterSeq`, in sequence order, from the narrow table alone:
    /// what verification walks.
    public List<SignedRow> signedPage(long afterSeq, int limit) throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT seq, canonical, entry_hash, signature FROM audit_signed WHERE seq > ? ORDER BY seq LIMIT ?")) {
            query.setLong(1, afterSeq);
            query.setInt(2, limit);
            List<SignedRow> rows = new java.util.ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(new SignedRow(result.getLong(1), result.getBytes(2), result.getBytes(3), result.getBytes(4)));
                }
            }
            return rows;
        }
    }

    /// The smallest and largest sequence numbers stored in the narrow table, if any. Two lookups by
    /// the primary key: `SELECT MIN(seq), MAX(seq)` read the whole table here (profiled).
    Optional<long[]> signedBounds() throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement lowest = connection.prepareStatement("SELECT seq FROM audit_signed ORDER BY seq LIMIT 1");
                PreparedStatement highest = connection.prepareStatement("SELECT seq FROM audit_signed ORDER BY seq DESC LIMIT 1");
                ResultSet low = lowest.executeQuery();
                ResultSet high = highest.executeQuery()) {
            return low.next() && high.next() ? Optional.of(new long[] {low.getLong(1), high.getLong(1)}) : Optional.empty();
        }
    }

    /// Hands the rows with `afterSeq < seq <= lastSeq` to `visitor` in sequence order (text and hash
    /// only: what fast verification needs), a page at a time on one connection, until it returns false.
    void signedRange(long afterSeq, long lastSeq, SignedVisitor visitor) throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT seq, canonical, entry_hash FROM audit_signed WHERE seq > ? AND seq <= ? ORDER BY seq LIMIT ?")) {
            long after = afterSeq;
            while (true) {
                query.setLong(1, after);
                query.setLong(2, lastSeq);
                query.setInt(3, PAGE);
                int rows = 0;
                try (ResultSet result = query.executeQuery()) {
                    while (result.next()) {
                        rows++;
                        after = result.getLong(1);
                        if (!visitor.visit(after, result.getBytes(2), result.getBytes(3))) {
                            return;
                        }
                    }
                }
                if (rows < PAGE) {
                    return;
                }
            }
        }
    }

    /// Receives one row of [#signedRange]; returns false to stop.
    @FunctionalInterface
    interface SignedVisitor {
        boolean visit(long seq, byte[] canonical, byte[] entryHash);
    }

    /// The query columns of the entries `from..to` (inclusive), by sequence number.
    public Map<Long, QueryRow> queryRows(long from, long to) throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT seq, recorded_at, terminal_id, person_id, session_id, action, camera_id, key_id FROM audit_entry "
                                + "WHERE seq BETWEEN ? AND ?")) {
            query.setLong(1, from);
            query.setLong(2, to);
            Map<Long, QueryRow> rows = new java.util.HashMap<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.put(result.getLong(1), new QueryRow(result.getLong(1), result.getObject(2, OffsetDateTime.class).toInstant(),
                            result.getString(3), result.getString(4), result.getString(5), result.getString(6), result.getString(7),
                            result.getString(8)));
                }
            }
            return rows;
        }
    }

    /// What is signed: an entry's text (UTF-8 bytes), its hash and its signature.
    public record SignedRow(long seq, byte[] canonical, byte[] entryHash, byte[] signature) {
    }

    /// An entry's query columns: copies of signed fields, checked against the text.
    public record QueryRow(long seq, java.time.Instant recordedAt, String terminalId, String personId, String sessionId,
            String action, String cameraId, String keyId) {
    }

    /// [#JOINED] as an inner join led by the query row, so that a filter on its columns uses their
    /// indexes: H2 runs [#JOINED]'s left join from `audit_signed` and scanned the whole log for a
    /// `WHERE e.action = ?` (7.7 s of a million entries, EXPLAIN; it was most of fast verification).
    private static final String BY_QUERY_ROW = STORED_COLUMNS + " FROM audit_entry e JOIN audit_signed s ON s.seq = e.seq";

    /// Every entry of one action, in sequence order (few: key rotations, verification runs).
    public List<StoredEntry> byAction(AuditAction action) throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement(
                        BY_QUERY_ROW + " WHERE e.action = ? ORDER BY s.seq")) {
            query.setString(1, action.name());
            List<StoredEntry> rows = new java.util.ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(read(result));
                }
            }
            return rows;
        }
    }

    /// Up to `limit` rows after `afterSeq`, in sequence order.
    public List<StoredEntry> page(long afterSeq, int limit) throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement(
                        JOINED + " WHERE s.seq > ? ORDER BY s.seq LIMIT ?")) {
            query.setLong(1, afterSeq);
            query.setInt(2, limit);
            List<StoredEntry> rows = new java.util.ArrayList<>();
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    rows.add(read(result));
                }
            }
            return rows;
        }
    }

    /// Receives pages of rows in order; returns false to stop the scan.
    @FunctionalInterface
    public interface PageVisitor {
        boolean visit(List<StoredEntry> page) throws SQLException;
    }

    /// Receives rows in order; returns false to stop the scan.
    @FunctionalInterface
    public interface EntryVisitor {
        boolean visit(StoredEntry entry);
    }

    /// The chain's last link.
    record Head(long seq, byte[] hash) {
    }
}
