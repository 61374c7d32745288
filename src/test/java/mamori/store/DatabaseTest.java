package mamori.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatabaseTest {

    private static final byte[] FILE_KEY = mamori.TestKeys.fileKey("file");
    private static final char[] USER_KEY = "fedcba9876543210".toCharArray();

    @TempDir
    Path dir;

    @Test
    void theDatabaseFileHoldsNoPlaintext() throws Exception {
        Path base = dir.resolve("mamori");
        try (Database database = Database.open(base, FILE_KEY, USER_KEY)) {
            database.inTransaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE note (text VARCHAR(100))");
                    statement.execute("INSERT INTO note VALUES ('SECRET-MARKER-4711')");
                }
                return null;
            });
        }
        byte[] file = Files.readAllBytes(dir.resolve("mamori.mv.db"));
        String asText = new String(file, StandardCharsets.ISO_8859_1);
        assertFalse(asText.contains("SECRET-MARKER-4711"), "row text must not appear in the encrypted file");
        assertFalse(asText.contains("CREATE TABLE"), "schema text must not appear in the encrypted file");
    }

    @Test
    void committedRowsSurviveReopening() throws Exception {
        Path base = dir.resolve("mamori");
        try (Database database = Database.open(base, FILE_KEY, USER_KEY)) {
            database.inTransaction(connection -> {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("CREATE TABLE note (text VARCHAR(100))");
                    statement.execute("INSERT INTO note VALUES ('kept')");
                }
                return null;
            });
        }
        try (Database database = Database.open(base, FILE_KEY, USER_KEY);
                Connection connection = database.connection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT text FROM note")) {
            assertTrue(row.next());
            assertEquals("kept", row.getString(1));
        }
    }

    @Test
    void aWrongKeySaysSoAndLeavesNoTraceFile() throws Exception {
        Path base = dir.resolve("mamori");
        Database.open(base, FILE_KEY, USER_KEY).close();
        StoreException failure = assertThrows(StoreException.class,
                () -> Database.open(base, mamori.TestKeys.fileKey("ffffffffffffffffffffffffffffffff"), USER_KEY));
        assertTrue(failure.getMessage().contains("cannot be decrypted"), failure.getMessage());
        try (Stream<Path> files = Files.list(dir)) {
            assertFalse(files.anyMatch(file -> file.getFileName().toString().endsWith(".trace.db")),
                    "a failed open must not write a plaintext trace file");
        }
    }

    @Test
    void aSecondProcessOnTheSameFileIsToldItIsInUse() throws Exception {
        Path base = dir.resolve("mamori");
        try (Database first = Database.open(base, FILE_KEY, USER_KEY)) {
            // H2 locks the file per process; a second open in this JVM would share it, so use a child.
            ProcessBuilder child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), SecondOpener.class.getName(), base.toString())
                    .redirectErrorStream(true);
            Process process = child.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(3, process.waitFor(), output);
            assertTrue(output.contains("in use by another Mamori process"), output);
        }
    }

    /// Run in a child JVM by the test above.
    public static final class SecondOpener {
        public static void main(String[] args) {
            try {
                Database.open(Path.of(args[0]), FILE_KEY, USER_KEY).close();
                System.exit(0);
            } catch (StoreException e) {
                System.out.println(e.getMessage());
                System.exit(3);
            }
        }
    }
}
