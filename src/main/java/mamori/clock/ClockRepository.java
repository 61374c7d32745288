package mamori.clock;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mamori.store.Database;

/// What the clock check keeps across restarts: the trusted time last recorded, and the jumps found
/// with whether each is in the audit log and who acknowledged it.
public final class ClockRepository {

    private final Database database;

    public ClockRepository(Database database) {
        this.database = database;
    }

    /// The trusted time recorded last, if any run recorded one.
    public Optional<Instant> lastTrustedTime() throws SQLException {
        try (Connection connection = database.connection();
                Statement query = connection.createStatement();
                ResultSet row = query.executeQuery("SELECT trusted_at FROM clock_trusted_time WHERE id = 1")) {
            return row.next() ? Optional.of(row.getObject(1, OffsetDateTime.class).toInstant()) : Optional.empty();
        }
    }

    /// Records that trusted time read `trusted` when the wall clock read `wall`.
    public void saveTrustedTime(Instant trusted, Instant wall) throws SQLException {
        database.inTransaction(connection -> {
            try (PreparedStatement merge = connection.prepareStatement(
                    "MERGE INTO clock_trusted_time (id, trusted_at, wall_at) KEY (id) VALUES (1, ?, ?)")) {
                merge.setObject(1, utc(trusted));
                merge.setObject(2, utc(wall));
                merge.executeUpdate();
            }
            return null;
        });
    }

    /// Records a jump found at trusted time `detectedAt`, not yet audited; returns its id.
    public long addJump(ClockJump jump, Instant detectedAt) throws SQLException {
        return database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO clock_jump "
                    + "(detected_at, jumped_from, jumped_to, direction, audited) VALUES (?, ?, ?, ?, FALSE)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setObject(1, utc(detectedAt));
                insert.setObject(2, utc(jump.from()));
                insert.setObject(3, utc(jump.to()));
                insert.setString(4, jump.direction().name());
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    return keys.getLong(1);
                }
            }
        });
    }

    /// The jump's `CLOCK_JUMP_DETECTED` entry is in the audit log.
    public void markAudited(long id) throws SQLException {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement("UPDATE clock_jump SET audited = TRUE WHERE id = ?")) {
                update.setLong(1, id);
                update.executeUpdate();
            }
            return null;
        });
    }

    /// Jumps nobody has acknowledged, oldest first.
    public List<RecordedJump> unacknowledged() throws SQLException {
        try (Connection connection = database.connection();
                Statement query = connection.createStatement();
                ResultSet rows = query.executeQuery("SELECT id, detected_at, jumped_from, jumped_to, direction, audited "
                        + "FROM clock_jump WHERE acknowledged_at IS NULL ORDER BY id")) {
            List<RecordedJump> jumps = new ArrayList<>();
            while (rows.next()) {
                Instant from = rows.getObject(3, OffsetDateTime.class).toInstant();
                Instant to = rows.getObject(4, OffsetDateTime.class).toInstant();
                // The skew is the distance between what the clock should have read and what it read.
                ClockJump jump = new ClockJump(from, to, java.time.Duration.between(from, to).abs(),
                        ClockJump.Direction.valueOf(rows.getString(5)));
                jumps.add(new RecordedJump(rows.getLong(1), jump, rows.getObject(2, OffsetDateTime.class).toInstant(),
                        rows.getBoolean(6)));
            }
            return jumps;
        }
    }

    /// Marks the jumps `ids` acknowledged by `personId` at trusted time `at`.
    public void acknowledge(List<Long> ids, String personId, Instant at) throws SQLException {
        database.inTransaction(connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE clock_jump SET acknowledged_at = ?, acknowledged_by = ? WHERE id = ? AND acknowledged_at IS NULL")) {
                for (long id : ids) {
                    update.setObject(1, utc(at));
                    update.setString(2, personId);
                    update.setLong(3, id);
                    update.executeUpdate();
                }
            }
            return null;
        });
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /// A stored jump: `audited` once its audit entry is committed.
    public record RecordedJump(long id, ClockJump jump, Instant detectedAt, boolean audited) {
    }
}
