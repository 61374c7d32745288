package mamori.identity;

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
import mamori.store.Database;

/// The sessions open now on every terminal that writes to this database, one per terminal. The row
/// is the session's licence: a kiosk whose row has gone (forced out elsewhere) ends its session.
public final class SessionRepository {

    private final Database database;

    public SessionRepository(Database database) {
        this.database = database;
    }

    /// Stores `session` as its terminal's open session (replacing a row its terminal left behind).
    public void open(Session session) throws SQLException {
        database.inTransaction(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM kiosk_session WHERE terminal_id = ?")) {
                delete.setString(1, session.terminal().id());
                delete.executeUpdate();
            }
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO kiosk_session "
                    + "(id, person_id, terminal_id, terminal_name, started_at, last_activity_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, session.id());
                insert.setString(2, session.person().id());
                insert.setString(3, session.terminal().id());
                insert.setString(4, session.terminal().name());
                insert.setObject(5, utc(session.startedAt()));
                insert.setObject(6, utc(session.startedAt()));
                insert.executeUpdate();
            }
            return null;
        });
    }

    /// Records the session's latest activity; false when its row has gone.
    public boolean touch(String sessionId, Instant lastActivity) throws SQLException {
        return update("UPDATE kiosk_session SET last_activity_at = ? WHERE id = ?", utc(lastActivity), sessionId);
    }

    /// Marks the session locked (`at`) or unlocked (empty); false when its row has gone.
    public boolean setLocked(String sessionId, Optional<Instant> at) throws SQLException {
        return update("UPDATE kiosk_session SET locked_at = ? WHERE id = ?", at.map(SessionRepository::utc).orElse(null), sessionId);
    }

    /// Removes the session's row; false when it had already gone.
    public boolean close(String sessionId) throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement delete = connection.prepareStatement("DELETE FROM kiosk_session WHERE id = ?")) {
            delete.setString(1, sessionId);
            return delete.executeUpdate() == 1;
        }
    }

    public boolean isOpen(String sessionId) throws SQLException {
        return byQuery("WHERE s.id = ?", sessionId).size() == 1;
    }

    public Optional<OpenSession> onTerminal(String terminalId) throws SQLException {
        return byQuery("WHERE s.terminal_id = ?", terminalId).stream().findFirst();
    }

    public Optional<OpenSession> byId(String sessionId) throws SQLException {
        return byQuery("WHERE s.id = ?", sessionId).stream().findFirst();
    }

    /// Every open session, longest-running first.
    public List<OpenSession> all() throws SQLException {
        return byQuery("", null);
    }

    private List<OpenSession> byQuery(String where, String value) throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement("SELECT s.id, s.person_id, s.terminal_id, s.terminal_name, "
                        + "s.started_at, s.last_activity_at, s.locked_at FROM kiosk_session s " + where + " ORDER BY s.started_at, s.id")) {
            if (value != null) {
                query.setString(1, value);
            }
            List<OpenSession> sessions = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    Optional<Person> person = PersonRepository.byId(connection, rows.getString(2));
                    if (person.isEmpty()) {
                        continue;
                    }
                    OffsetDateTime locked = rows.getObject(7, OffsetDateTime.class);
                    sessions.add(new OpenSession(rows.getString(1), person.get(), new Terminal(rows.getString(3), rows.getString(4)),
                            rows.getObject(5, OffsetDateTime.class).toInstant(), rows.getObject(6, OffsetDateTime.class).toInstant(),
                            Optional.ofNullable(locked).map(OffsetDateTime::toInstant)));
                }
            }
            return sessions;
        }
    }

    private boolean update(String sql, OffsetDateTime at, String sessionId) throws SQLException {
        try (Connection connection = database.connection(); PreparedStatement update = connection.prepareStatement(sql)) {
            update.setObject(1, at);
            update.setString(2, sessionId);
            return update.executeUpdate() == 1;
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /// A session as the login-status screen shows it: who, where, since when, last activity, locked or not.
    public record OpenSession(String sessionId, Person person, Terminal terminal, Instant startedAt, Instant lastActivity,
            Optional<Instant> lockedAt) {

        public boolean locked() {
            return lockedAt.isPresent();
        }
    }
}
