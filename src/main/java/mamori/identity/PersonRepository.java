package mamori.identity;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import mamori.store.Database;

/// People, their roles and which reader template belongs to whom.
public final class PersonRepository {

    private final Database database;

    public PersonRepository(Database database) {
        this.database = database;
    }

    public Optional<Person> byFingerTemplate(String readerId, int templateId) throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT person_id FROM finger_enrolment WHERE reader_id = ? AND template_id = ?")) {
            query.setString(1, readerId);
            query.setInt(2, templateId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? byId(connection, row.getString(1)) : Optional.empty();
            }
        }
    }

    public Optional<Person> byId(String id) throws SQLException {
        try (Connection connection = database.connection()) {
            return byId(connection, id);
        }
    }

    public List<Person> all() throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement("SELECT id FROM person ORDER BY display_name")) {
            List<String> ids = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
            }
            List<Person> people = new ArrayList<>();
            for (String id : ids) {
                byId(connection, id).ifPresent(people::add);
            }
            return people;
        }
    }

    /// Enrolments of one reader: template id and the person it belongs to.
    public List<Enrolment> enrolments(String readerId) throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT template_id, person_id, finger FROM finger_enrolment WHERE reader_id = ? ORDER BY template_id")) {
            query.setString(1, readerId);
            List<Enrolment> enrolments = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    enrolments.add(new Enrolment(readerId, rows.getInt(1), rows.getString(2), rows.getString(3)));
                }
            }
            return enrolments;
        }
    }

    public static void insert(Connection connection, Person person, Instant createdAt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO person (id, display_name, active, created_at) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, person.id());
            insert.setString(2, person.displayName());
            insert.setBoolean(3, person.active());
            insert.setObject(4, OffsetDateTime.ofInstant(createdAt, ZoneOffset.UTC));
            insert.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO person_role (person_id, role) VALUES (?, ?)")) {
            for (Role role : person.roles()) {
                insert.setString(1, person.id());
                insert.setString(2, role.name());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    public static void enrol(Connection connection, Enrolment enrolment, Instant enrolledAt) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO finger_enrolment (reader_id, template_id, person_id, finger, enrolled_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, enrolment.readerId());
            insert.setInt(2, enrolment.templateId());
            insert.setString(3, enrolment.personId());
            insert.setString(4, enrolment.finger());
            insert.setObject(5, OffsetDateTime.ofInstant(enrolledAt, ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    public static void setActive(Connection connection, String personId, boolean active) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE person SET active = ? WHERE id = ?")) {
            update.setBoolean(1, active);
            update.setString(2, personId);
            update.executeUpdate();
        }
    }

    /// Replaces the person's roles with `roles`.
    public static void setRoles(Connection connection, String personId, Set<Role> roles) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM person_role WHERE person_id = ?")) {
            delete.setString(1, personId);
            delete.executeUpdate();
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO person_role (person_id, role) VALUES (?, ?)")) {
            for (Role role : roles) {
                insert.setString(1, personId);
                insert.setString(2, role.name());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /// Deletes one enrolment; returns whether there was one.
    public static boolean unenrol(Connection connection, String readerId, int templateId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM finger_enrolment WHERE reader_id = ? AND template_id = ?")) {
            delete.setString(1, readerId);
            delete.setInt(2, templateId);
            return delete.executeUpdate() > 0;
        }
    }

    static Optional<Person> byId(Connection connection, String id) throws SQLException {
        String name;
        boolean active;
        try (PreparedStatement query = connection.prepareStatement("SELECT display_name, active FROM person WHERE id = ?")) {
            query.setString(1, id);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                name = row.getString(1);
                active = row.getBoolean(2);
            }
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        try (PreparedStatement query = connection.prepareStatement("SELECT role FROM person_role WHERE person_id = ?")) {
            query.setString(1, id);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    roles.add(Role.valueOf(rows.getString(1)));
                }
            }
        }
        return Optional.of(new Person(id, name, roles, active));
    }

    /// One finger of one person, stored as a template on one reader module.
    public record Enrolment(String readerId, int templateId, String personId, String finger) {
    }
}
