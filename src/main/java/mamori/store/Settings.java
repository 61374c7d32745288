package mamori.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/// Named values of this installation (demo state, later configuration), kept in the database.
public final class Settings {

    /// The facility's name, as reports print it (the terminal's id when unset).
    public static final String FACILITY_NAME = "facility.name";

    private final Database database;

    public Settings(Database database) {
        this.database = database;
    }

    public Optional<String> get(String name) throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement("SELECT setting_value FROM setting WHERE name = ?")) {
            query.setString(1, name);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    public void put(String name, String value) throws SQLException {
        database.inTransaction(connection -> {
            put(connection, name, value);
            return null;
        });
    }

    public static void put(Connection connection, String name, String value) throws SQLException {
        try (PreparedStatement merge = connection.prepareStatement("MERGE INTO setting (name, setting_value) KEY (name) VALUES (?, ?)")) {
            merge.setString(1, name);
            merge.setString(2, value);
            merge.executeUpdate();
        }
    }
}
