package mamori.pin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import mamori.identity.Role;

/// The PIN tables of migration V013: which roles need a PIN, each person's PIN hash, and who may
/// use a PIN instead of a finger. Each call works inside the caller's connection (its transaction).
final class PinRepository {

    private PinRepository() {
    }

    static Map<Role, Boolean> roleRules(Connection connection) throws SQLException {
        Map<Role, Boolean> rules = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            rules.put(role, false);
        }
        try (PreparedStatement query = connection.prepareStatement("SELECT role, required FROM pin_role_rule");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                rules.put(Role.valueOf(rows.getString(1)), rows.getBoolean(2));
            }
        }
        return rules;
    }

    static void setRoleRule(Connection connection, Role role, boolean required, String by, Instant at) throws SQLException {
        try (PreparedStatement merge = connection.prepareStatement(
                "MERGE INTO pin_role_rule (role, required, changed_by, changed_at) KEY (role) VALUES (?, ?, ?, ?)")) {
            merge.setString(1, role.name());
            merge.setBoolean(2, required);
            merge.setString(3, by);
            merge.setObject(4, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            merge.executeUpdate();
        }
    }

    static Optional<PinHash> pin(Connection connection, String personId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT salt, hash, memory_kib, iterations, parallelism FROM person_pin WHERE person_id = ?")) {
            query.setString(1, personId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                return Optional.of(new PinHash(row.getBytes(1), row.getBytes(2), new Argon2Cost(row.getInt(3), row.getInt(4), row.getInt(5))));
            }
        }
    }

    static Map<String, Instant> pinsSetAt(Connection connection) throws SQLException {
        Map<String, Instant> set = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT person_id, set_at FROM person_pin");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                set.put(rows.getString(1), rows.getObject(2, OffsetDateTime.class).toInstant());
            }
        }
        return set;
    }

    static void setPin(Connection connection, String personId, PinHash pin, Instant at) throws SQLException {
        try (PreparedStatement merge = connection.prepareStatement("MERGE INTO person_pin (person_id, algorithm, memory_kib, iterations, "
                + "parallelism, salt, hash, set_at) KEY (person_id) VALUES (?, 'argon2id', ?, ?, ?, ?, ?, ?)")) {
            merge.setString(1, personId);
            merge.setInt(2, pin.cost().memoryKiB());
            merge.setInt(3, pin.cost().iterations());
            merge.setInt(4, pin.cost().parallelism());
            merge.setBytes(5, pin.salt());
            merge.setBytes(6, pin.hash());
            merge.setObject(7, OffsetDateTime.ofInstant(at, ZoneOffset.UTC));
            merge.executeUpdate();
        }
    }

    static boolean clearPin(Connection connection, String personId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM person_pin WHERE person_id = ?")) {
            delete.setString(1, personId);
            return delete.executeUpdate() > 0;
        }
    }

    static Map<String, PinAlone> allowances(Connection connection) throws SQLException {
        Map<String, PinAlone> allowed = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT person_id, allowed_by, reason, allowed_at FROM pin_alone_allowance");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                allowed.put(rows.getString(1), new PinAlone(rows.getString(2), rows.getString(3),
                        rows.getObject(4, OffsetDateTime.class).toInstant()));
            }
        }
        return allowed;
    }

    static Optional<PinAlone> allowance(Connection connection, String personId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT allowed_by, reason, allowed_at FROM pin_alone_allowance WHERE person_id = ?")) {
            query.setString(1, personId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(new PinAlone(row.getString(1), row.getString(2),
                        row.getObject(3, OffsetDateTime.class).toInstant())) : Optional.empty();
            }
        }
    }

    static void allow(Connection connection, String personId, PinAlone allowance) throws SQLException {
        try (PreparedStatement merge = connection.prepareStatement(
                "MERGE INTO pin_alone_allowance (person_id, allowed_by, reason, allowed_at) KEY (person_id) VALUES (?, ?, ?, ?)")) {
            merge.setString(1, personId);
            merge.setString(2, allowance.allowedBy());
            merge.setString(3, allowance.reason());
            merge.setObject(4, OffsetDateTime.ofInstant(allowance.allowedAt(), ZoneOffset.UTC));
            merge.executeUpdate();
        }
    }

    static boolean withdraw(Connection connection, String personId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM pin_alone_allowance WHERE person_id = ?")) {
            delete.setString(1, personId);
            return delete.executeUpdate() > 0;
        }
    }
}
