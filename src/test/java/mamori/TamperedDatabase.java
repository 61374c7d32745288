package mamori;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Statement;
import java.time.Clock;
import java.util.Optional;
import mamori.crypto.KeyVault;
import mamori.store.DataDirectory;
import mamori.store.Database;

/// Edits a data directory's database directly, as someone holding the key store would: the
/// attacker the audit log's and the reports' checks are there for.
public final class TamperedDatabase {

    private TamperedDatabase() {
    }

    public static void execute(Path home, String sql) throws Exception {
        DataDirectory dir = new DataDirectory(home);
        KeyVault vault = KeyVault.openOrCreate(dir.keyStore(), dir.keyStorePasswordFile(), Optional.empty(), new SecureRandom(),
                Clock.systemUTC());
        try (Database database = Database.open(dir.databaseBase(), vault.secretKey("h2-file-key").getEncoded(), vault.secretAsHex("h2-user-key"))) {
            database.inTransaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(sql);
                }
                return null;
            });
        }
    }
}
