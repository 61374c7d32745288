package mamori.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/// Versioned schema migrations, applied in order at start. An applied migration whose text has
/// changed, or a database newer than this build, stops the start: silently running on a schema the
/// code does not know would put the audit trail at risk.
public final class SchemaMigrations {

    /// In order; a new migration is appended, an applied one is never edited.
    public static final List<Migration> ALL = List.of(
            new Migration(1, "foundation", "V001__foundation.sql"),
            new Migration(2, "audit log", "V002__audit_log.sql"),
            new Migration(3, "audit checkpoints", "V003__audit_checkpoints.sql"),
            new Migration(4, "audit signed text apart", "V004__audit_signed_text_apart.sql"),
            new Migration(5, "privacy masks", "V005__privacy_masks.sql"),
            new Migration(6, "viewing hours and the clock check", "V006__viewing_hours_and_clock.sql"),
            new Migration(7, "camera sources and credentials", "V007__camera_sources_and_credentials.sql"),
            new Migration(8, "lockout and sessions", "V008__lockout_and_sessions.sql"),
            new Migration(9, "approved USB media", "V009__approved_usb_media.sql"),
            new Migration(11, "terminal registration", "V011__terminal_registration.sql"),
            new Migration(12, "export requests", "V012__export_requests.sql"),
            new Migration(13, "PIN second factor", "V013__pin_second_factor.sql"));

    private final List<Migration> migrations;
    private final Clock clock;

    public SchemaMigrations(List<Migration> migrations, Clock clock) {
        this.migrations = List.copyOf(migrations);
        this.clock = clock;
    }

    /// Applies every pending migration, each in its own transaction; returns how many ran.
    public int migrate(Database database) throws StoreException {
        try {
            database.inTransaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE IF NOT EXISTS schema_history ("
                            + "version INT PRIMARY KEY, description VARCHAR(200) NOT NULL, "
                            + "checksum VARCHAR(64) NOT NULL, applied_at TIMESTAMP WITH TIME ZONE NOT NULL)");
                }
                return null;
            });
            Map<Integer, String> applied = database.inTransaction(SchemaMigrations::appliedChecksums);
            int newest = migrations.isEmpty() ? 0 : migrations.getLast().version();
            for (int version : applied.keySet()) {
                if (version > newest) {
                    throw new StoreException("The database has schema version " + version
                            + ", newer than this build of Mamori knows (" + newest + "): update Mamori");
                }
            }
            int ran = 0;
            for (Migration migration : migrations) {
                String sql = migration.load();
                String checksum = sha256(sql);
                String known = applied.get(migration.version());
                if (known != null) {
                    if (!known.equals(checksum)) {
                        throw new StoreException("Applied schema migration " + migration.resource()
                                + " differs from the one in this build");
                    }
                    continue;
                }
                database.inTransaction(connection -> {
                    apply(connection, migration, sql, checksum);
                    return null;
                });
                ran++;
            }
            return ran;
        } catch (SQLException | IOException e) {
            throw new StoreException("Schema migration failed: " + e.getMessage(), e);
        }
    }

    private static Map<Integer, String> appliedChecksums(Connection connection) throws SQLException {
        Map<Integer, String> applied = new TreeMap<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT version, checksum FROM schema_history")) {
            while (rows.next()) {
                applied.put(rows.getInt(1), rows.getString(2));
            }
        }
        return applied;
    }

    private void apply(Connection connection, Migration migration, String sql, String checksum) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String command : statements(sql)) {
                statement.execute(command);
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO schema_history (version, description, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
            insert.setInt(1, migration.version());
            insert.setString(2, migration.description());
            insert.setString(3, checksum);
            insert.setObject(4, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            insert.executeUpdate();
        }
    }

    /// Splits a migration into statements: `--` comment lines dropped, `;` at a line's end ends one.
    static List<String> statements(String sql) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : sql.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                String statement = current.toString().strip();
                statements.add(statement.substring(0, statement.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.isEmpty()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by the Java platform", e);
        }
    }

    /// One migration script under `mamori/store/migrations/`.
    public record Migration(int version, String description, String resource) {

        String load() throws IOException {
            try (InputStream in = SchemaMigrations.class.getResourceAsStream("migrations/" + resource)) {
                if (in == null) {
                    throw new IOException("Migration resource missing: " + resource);
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
