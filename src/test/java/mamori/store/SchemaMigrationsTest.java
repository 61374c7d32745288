package mamori.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SchemaMigrationsTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private Database open() throws StoreException {
        return Database.open(dir.resolve("db"), mamori.TestKeys.fileKey("aaaa"), "bbbb".toCharArray());
    }

    @Test
    void migrationsRunOnceAndInOrder() throws Exception {
        try (Database database = open()) {
            assertEquals(SchemaMigrations.ALL.size(), new SchemaMigrations(SchemaMigrations.ALL, CLOCK).migrate(database));
            assertEquals(0, new SchemaMigrations(SchemaMigrations.ALL, CLOCK).migrate(database));
            int versions = database.inTransaction(connection -> {
                try (Statement statement = connection.createStatement();
                        var rows = statement.executeQuery("SELECT COUNT(*) FROM schema_history")) {
                    rows.next();
                    return rows.getInt(1);
                }
            });
            assertEquals(SchemaMigrations.ALL.size(), versions);
        }
    }

    @Test
    void anEditedAppliedMigrationStopsTheStart() throws Exception {
        try (Database database = open()) {
            new SchemaMigrations(SchemaMigrations.ALL, CLOCK).migrate(database);
            database.inTransaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("UPDATE schema_history SET checksum = 'edited' WHERE version = 1");
                }
                return null;
            });
            StoreException failure = assertThrows(StoreException.class,
                    () -> new SchemaMigrations(SchemaMigrations.ALL, CLOCK).migrate(database));
            assertTrue(failure.getMessage().contains("differs"), failure.getMessage());
        }
    }

    @Test
    void aDatabaseFromANewerBuildIsRefused() throws Exception {
        try (Database database = open()) {
            new SchemaMigrations(SchemaMigrations.ALL, CLOCK).migrate(database);
            database.inTransaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("INSERT INTO schema_history VALUES (999, 'future', 'x', CURRENT_TIMESTAMP)");
                }
                return null;
            });
            StoreException failure = assertThrows(StoreException.class,
                    () -> new SchemaMigrations(SchemaMigrations.ALL, CLOCK).migrate(database));
            assertTrue(failure.getMessage().contains("newer than this build"), failure.getMessage());
        }
    }

    @Test
    void statementsAreSplitAtLineEndSemicolonsAndCommentsDropped() {
        List<String> statements = SchemaMigrations.statements("""
                -- a comment; with a semicolon
                CREATE TABLE a (x INT);
                CREATE TABLE b (
                    y VARCHAR(10) DEFAULT 'a;b'
                );
                """);
        assertEquals(List.of("CREATE TABLE a (x INT)", "CREATE TABLE b (\n    y VARCHAR(10) DEFAULT 'a;b'\n)"), statements);
    }
}
