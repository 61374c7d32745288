package mamori.export;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mamori.audit.RecordingRange;

/// The `export_request` rows (migration 12). State changes are conditional on the state they leave,
/// so two screens deciding the same request at once cannot both succeed.
final class ExportRequestRepository {

    private static final String SELECT = "SELECT r.id, r.terminal_id, r.camera_id, r.recorded_from, r.recorded_to, r.purpose, "
            + "r.recipient_kind, r.recipient_text, r.requester_id, p.display_name, r.requested_at, r.expires_at, r.state, "
            + "r.decided_by, r.decided_at, r.decision_comment FROM export_request r JOIN person p ON p.id = r.requester_id";

    private ExportRequestRepository() {
    }

    static void insert(Connection connection, ExportRequest request) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO export_request (id, terminal_id, camera_id, "
                + "recorded_from, recorded_to, purpose, recipient_kind, recipient_text, requester_id, requested_at, expires_at, state) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, request.id());
            insert.setString(2, request.terminalId());
            insert.setString(3, request.cameraId());
            insert.setObject(4, utc(request.span().from()));
            insert.setObject(5, utc(request.span().to()));
            insert.setString(6, request.purpose());
            insert.setString(7, request.recipient().kind().name());
            insert.setString(8, request.recipient().text());
            insert.setString(9, request.requesterId());
            insert.setObject(10, utc(request.requestedAt()));
            insert.setObject(11, utc(request.expiresAt()));
            insert.setString(12, request.state().name());
            insert.executeUpdate();
        }
    }

    static Optional<ExportRequest> byId(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE r.id = ?")) {
            select.setString(1, id);
            List<ExportRequest> found = read(select);
            return found.stream().findFirst();
        }
    }

    static List<ExportRequest> inState(Connection connection, RequestState state) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT + " WHERE r.state = ? ORDER BY r.requested_at, r.id")) {
            select.setString(1, state.name());
            return read(select);
        }
    }

    /// Moves `id` from `from` to `to`; false when it was not in `from` (someone else moved it first).
    static boolean decide(Connection connection, String id, RequestState from, RequestState to, Optional<String> by, Instant at,
            Optional<String> comment, boolean masksLifted) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE export_request SET state = ?, "
                + "decided_by = COALESCE(?, decided_by), decided_at = COALESCE(?, decided_at), "
                + "decision_comment = COALESCE(?, decision_comment), masks_lifted = ? WHERE id = ? AND state = ?")) {
            update.setString(1, to.name());
            update.setString(2, by.orElse(null));
            update.setObject(3, by.isPresent() ? utc(at) : null);
            update.setString(4, comment.orElse(null));
            update.setBoolean(5, masksLifted);
            update.setString(6, id);
            update.setString(7, from.name());
            return update.executeUpdate() == 1;
        }
    }

    static boolean written(Connection connection, String id, String sha256, long bytes) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE export_request SET state = 'WRITTEN', package_sha256 = ?, "
                + "package_bytes = ? WHERE id = ? AND state = 'APPROVED'")) {
            update.setString(1, sha256);
            update.setLong(2, bytes);
            update.setString(3, id);
            return update.executeUpdate() == 1;
        }
    }

    /// The SHA-256 of the package recorded as written for request `id`, if one was.
    static Optional<String> writtenPackage(Connection connection, String id) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT package_sha256 FROM export_request WHERE id = ? AND state = 'WRITTEN'")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
            }
        }
    }

    private static List<ExportRequest> read(PreparedStatement select) throws SQLException {
        List<ExportRequest> found = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                found.add(new ExportRequest(rows.getString(1), rows.getString(2), rows.getString(3),
                        new RecordingRange(instant(rows, 4), instant(rows, 5)), rows.getString(6),
                        new Recipient(RecipientKind.valueOf(rows.getString(7)), rows.getString(8)), rows.getString(9), rows.getString(10),
                        instant(rows, 11), instant(rows, 12), RequestState.valueOf(rows.getString(13)), Optional.ofNullable(rows.getString(14)),
                        Optional.ofNullable(rows.getObject(15, OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                        Optional.ofNullable(rows.getString(16))));
            }
        }
        return found;
    }

    private static Instant instant(ResultSet rows, int column) throws SQLException {
        return rows.getObject(column, OffsetDateTime.class).toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }
}
