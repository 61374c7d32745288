package mamori.identity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import mamori.store.Database;

/// Refused identifications per terminal and the lockouts in force, kept across restarts.
public final class LockoutRepository {

    private final Database database;

    public LockoutRepository(Database database) {
        this.database = database;
    }

    /// Stores one refusal and returns how many the terminal has had since `windowStart` (older ones are dropped).
    public int addFailure(String terminalId, Instant failedAt, Instant windowStart) throws SQLException {
        return database.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement(
                    "DELETE FROM login_failure WHERE terminal_id = ? AND failed_at <= ?")) {
                delete.setString(1, terminalId);
                delete.setObject(2, utc(windowStart));
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO login_failure (terminal_id, failed_at) VALUES (?, ?)")) {
                insert.setString(1, terminalId);
                insert.setObject(2, utc(failedAt));
                insert.executeUpdate();
            }
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT COUNT(*) FROM login_failure WHERE terminal_id = ? AND failed_at > ?")) {
                count.setString(1, terminalId);
                count.setObject(2, utc(windowStart));
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    return row.getInt(1);
                }
            }
        });
    }

    /// Locks the terminal out until `until`; the refusals that led to it are consumed, so the count starts
    /// again from zero once it is lifted.
    public void lockOut(String terminalId, Instant at, Instant until) throws SQLException {
        database.inTransaction(connection -> {
            clearFailures(connection, terminalId);
            try (PreparedStatement merge = connection.prepareStatement(
                    "MERGE INTO terminal_lockout (terminal_id, locked_at, locked_until) KEY (terminal_id) VALUES (?, ?, ?)")) {
                merge.setString(1, terminalId);
                merge.setObject(2, utc(at));
                merge.setObject(3, utc(until));
                merge.executeUpdate();
            }
            return null;
        });
    }

    public Optional<Lockout> lockout(String terminalId) throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT locked_at, locked_until FROM terminal_lockout WHERE terminal_id = ?")) {
            query.setString(1, terminalId);
            try (ResultSet row = query.executeQuery()) {
                return row.next()
                        ? Optional.of(new Lockout(terminalId, row.getObject(1, OffsetDateTime.class).toInstant(),
                                row.getObject(2, OffsetDateTime.class).toInstant()))
                        : Optional.empty();
            }
        }
    }

    public void lift(String terminalId) throws SQLException {
        database.inTransaction(connection -> {
            clearFailures(connection, terminalId);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM terminal_lockout WHERE terminal_id = ?")) {
                delete.setString(1, terminalId);
                delete.executeUpdate();
            }
            return null;
        });
    }

    private static void clearFailures(Connection connection, String terminalId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM login_failure WHERE terminal_id = ?")) {
            delete.setString(1, terminalId);
            delete.executeUpdate();
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /// A terminal refusing everyone but administrators from `lockedAt` until `lockedUntil`.
    public record Lockout(String terminalId, Instant lockedAt, Instant lockedUntil) {
    }
}
