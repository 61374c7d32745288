package mamori.audit;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mamori.crypto.Ed25519Keys;
import mamori.store.Database;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/// Pages through the log for the audit screen, newest first, by sequence number (keyset paging:
/// a page costs the same at entry 10 and at entry 1,000,000), and checks each entry shown: its
/// hash, its signature, and its link to the entry before it.
public final class AuditBrowser {

    private final Database database;
    private final Map<String, Ed25519PublicKeyParameters> trustedKeys;

    public AuditBrowser(Database database, Map<String, byte[]> trustedKeys) {
        this.database = database;
        this.trustedKeys = new HashMap<>();
        trustedKeys.forEach((id, key) -> this.trustedKeys.put(id, new Ed25519PublicKeyParameters(key, 0)));
    }

    /// Up to `limit` entries matching `query`, newest first, older than `beforeSeq` when given.
    public List<CheckedEntry> olderPage(AuditQuery query, Optional<Long> beforeSeq, int limit) throws SQLException {
        return check(select(query, beforeSeq.map(seq -> "s.seq < " + seq), "DESC", limit));
    }

    /// Up to `limit` entries matching `query` newer than `afterSeq`, returned newest first.
    public List<CheckedEntry> newerPage(AuditQuery query, long afterSeq, int limit) throws SQLException {
        List<StoredEntry> rows = new ArrayList<>(select(query, Optional.of("s.seq > " + afterSeq), "ASC", limit));
        java.util.Collections.reverse(rows);
        return check(rows);
    }

    private List<StoredEntry> select(AuditQuery query, Optional<String> bound, String order, int limit) throws SQLException {
        List<String> where = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        bound.ifPresent(where::add);
        query.from().ifPresent(from -> {
            where.add("e.recorded_at >= ?");
            values.add(OffsetDateTime.ofInstant(from, ZoneOffset.UTC));
        });
        query.to().ifPresent(to -> {
            where.add("e.recorded_at < ?");
            values.add(OffsetDateTime.ofInstant(to, ZoneOffset.UTC));
        });
        query.personId().ifPresent(person -> {
            where.add("e.person_id = ?");
            values.add(person);
        });
        query.cameraId().ifPresent(camera -> {
            where.add("e.camera_id = ?");
            values.add(camera);
        });
        query.action().ifPresent(action -> {
            where.add("e.action = ?");
            values.add(action.name());
        });
        query.terminalId().ifPresent(terminal -> {
            where.add("e.terminal_id = ?");
            values.add(terminal);
        });
        String sql = AuditEntryStore.JOINED + (where.isEmpty() ? "" : " WHERE " + String.join(" AND ", where))
                + " ORDER BY s.seq " + order + " LIMIT ?";
        try (Connection connection = database.connection(); PreparedStatement statement = connection.prepareStatement(sql)) {
            int index = 1;
            for (Object value : values) {
                statement.setObject(index++, value);
            }
            statement.setInt(index, Math.max(1, Math.min(limit, 1_000)));
            List<StoredEntry> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(AuditEntryStore.read(result));
                }
            }
            return rows;
        }
    }

    private List<CheckedEntry> check(List<StoredEntry> rows) throws SQLException {
        Map<Long, byte[]> previousHashes = hashesOf(rows.stream().map(row -> row.seq() - 1).toList());
        List<CheckedEntry> checked = new ArrayList<>(rows.size());
        for (StoredEntry row : rows) {
            checked.add(new CheckedEntry(row, state(row, previousHashes)));
        }
        return checked;
    }

    private EntryState state(StoredEntry row, Map<Long, byte[]> previousHashes) {
        AuditEntryFormat.ParsedEntry parsed;
        try {
            parsed = AuditEntryFormat.parse(row.canonical());
        } catch (AuditEntryFormat.MalformedEntryException e) {
            return EntryState.CONTENT_CHANGED;
        }
        if (!Arrays.equals(AuditEntryFormat.entryHash(row.canonical()), row.entryHash()) || parsed.seq() != row.seq()
                || !parsed.time().equals(Optional.ofNullable(row.recordedAt())) || !parsed.action().name().equals(row.action())
                || !java.util.Objects.equals(parsed.personId().orElse(null), row.personId())
                || !java.util.Objects.equals(parsed.cameraId().orElse(null), row.cameraId())) {
            return EntryState.CONTENT_CHANGED;
        }
        Ed25519PublicKeyParameters key = trustedKeys.get(parsed.keyId());
        if (key == null) {
            return EntryState.UNKNOWN_KEY;
        }
        if (!Ed25519Keys.verifies(key, row.entryHash(), row.signature())) {
            return EntryState.BAD_SIGNATURE;
        }
        byte[] expectedPrev = row.seq() == 1 ? new byte[AuditEntryFormat.HASH_BYTES] : previousHashes.get(row.seq() - 1);
        return Arrays.equals(expectedPrev, parsed.prevHash()) ? EntryState.VERIFIED : EntryState.CHAIN_BROKEN;
    }

    private Map<Long, byte[]> hashesOf(List<Long> seqs) throws SQLException {
        Map<Long, byte[]> hashes = new HashMap<>();
        if (seqs.isEmpty()) {
            return hashes;
        }
        String marks = String.join(",", java.util.Collections.nCopies(seqs.size(), "?"));
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT seq, entry_hash FROM audit_signed WHERE seq IN (" + marks + ")")) {
            for (int i = 0; i < seqs.size(); i++) {
                query.setLong(i + 1, seqs.get(i));
            }
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    hashes.put(rows.getLong(1), rows.getBytes(2));
                }
            }
        }
        return hashes;
    }

    /// The details of an entry as compact JSON text, for display.
    public static String detailsOf(StoredEntry entry) {
        try {
            var node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(entry.canonical().getBytes(StandardCharsets.UTF_8));
            return node.path("details").toString();
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    /// The footage span an entry concerns, read from its signed text; empty when it names none.
    public static Optional<RecordingRange> rangeOf(StoredEntry entry) {
        return AuditRange.read(entry).flatMap(AuditEntry::range);
    }

    /// An entry with what checking it found.
    public record CheckedEntry(StoredEntry entry, EntryState state) {
    }
}
