package mamori.identity;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import mamori.store.Database;

/// This PC's terminal identity: made on first run and kept in the database, not yet registered
/// (see [TerminalRegistration]).
public final class TerminalRegistry {

    private final Database database;
    private final SecureRandom random;

    public TerminalRegistry(Database database, SecureRandom random) {
        this.database = database;
        this.random = random;
    }

    public Terminal thisTerminal() throws SQLException {
        return database.inTransaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement("SELECT id, name FROM terminal WHERE this_terminal");
                    ResultSet row = query.executeQuery()) {
                if (row.next()) {
                    return new Terminal(row.getString(1), row.getString(2));
                }
            }
            byte[] suffix = new byte[4];
            random.nextBytes(suffix);
            Terminal terminal = new Terminal("T-" + HexFormat.of().withUpperCase().formatHex(suffix), hostName());
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO terminal (id, name, this_terminal) VALUES (?, ?, TRUE)")) {
                insert.setString(1, terminal.id());
                insert.setString(2, terminal.name());
                insert.executeUpdate();
            }
            return terminal;
        });
    }

    /// Every terminal this database knows (this one and those sharing its database), by id.
    public java.util.List<Terminal> all() throws SQLException {
        return database.inTransaction(connection -> {
            java.util.List<Terminal> terminals = new java.util.ArrayList<>();
            try (PreparedStatement query = connection.prepareStatement("SELECT id, name FROM terminal ORDER BY id");
                    ResultSet row = query.executeQuery()) {
                while (row.next()) {
                    terminals.add(new Terminal(row.getString(1), row.getString(2)));
                }
            }
            return terminals;
        });
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }
}
