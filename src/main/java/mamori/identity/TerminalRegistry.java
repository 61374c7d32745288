package mamori.identity;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import mamori.store.Database;

/// This PC's terminal identity: made on first run and kept in the database.
/// (Registration by an administrator and the terminal key pair come with the identity capability.)
public final class TerminalRegistry {

    private final Database database;
    private final Clock clock;
    private final SecureRandom random;

    public TerminalRegistry(Database database, Clock clock, SecureRandom random) {
        this.database = database;
        this.clock = clock;
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
                    "INSERT INTO terminal (id, name, this_terminal, registered_at) VALUES (?, ?, TRUE, ?)")) {
                insert.setString(1, terminal.id());
                insert.setString(2, terminal.name());
                insert.setObject(3, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
                insert.executeUpdate();
            }
            return terminal;
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
