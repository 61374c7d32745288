package mamori.camera;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Camera passwords sealed in a real H2 file: they come back to the player, and nowhere else in clear.
class CredentialStoreTest {

    private static final String PASSWORD = "パス-w0rd!";

    @TempDir
    Path dir;
    private CameraFixture fixture;

    @BeforeEach
    void open() throws Exception {
        fixture = new CameraFixture(dir);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private void set(CredentialStore store, String cameraId, String user, String password) throws Exception {
        fixture.database.inTransaction(connection -> {
            store.set(connection, cameraId, new CameraAccount(user, password.toCharArray()));
            return null;
        });
    }

    private byte[][] storedRow(String cameraId) throws Exception {
        return fixture.database.inTransaction(connection -> {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT password_nonce, password_sealed FROM camera_credential WHERE camera_id = ?")) {
                query.setString(1, cameraId);
                try (ResultSet row = query.executeQuery()) {
                    assertTrue(row.next());
                    return new byte[][] {row.getBytes(1), row.getBytes(2)};
                }
            }
        });
    }

    @Test
    void aPasswordComesBackAsEnteredAndTheTableHoldsOnlyItsCiphertext() throws Exception {
        assertFalse(fixture.credentials.hasPassword("cam-1"));
        set(fixture.credentials, "cam-1", "viewer", PASSWORD);

        CameraAccount account = fixture.credentials.account("cam-1").orElseThrow();
        assertEquals("viewer", account.user());
        assertArrayEquals(PASSWORD.toCharArray(), account.password());
        assertTrue(fixture.credentials.hasPassword("cam-1"));
        assertEquals(Optional.of("viewer"), fixture.credentials.userName("cam-1"));
        assertEquals(Optional.empty(), fixture.credentials.account("cam-2"));

        byte[][] stored = storedRow("cam-1");
        byte[] plain = PASSWORD.getBytes(StandardCharsets.UTF_8);
        assertEquals(12, stored[0].length, "a 96-bit nonce");
        assertEquals(plain.length + 16, stored[1].length, "the ciphertext and a 128-bit tag");
        assertFalse(contains(stored[1], plain), "the password in clear in the table");
    }

    @Test
    void settingTheSamePasswordAgainSealsItUnderAFreshNonce() throws Exception {
        set(fixture.credentials, "cam-1", "viewer", PASSWORD);
        byte[][] first = storedRow("cam-1");
        set(fixture.credentials, "cam-1", "viewer", PASSWORD);
        byte[][] second = storedRow("cam-1");
        assertFalse(Arrays.equals(first[0], second[0]));
        assertFalse(Arrays.equals(first[1], second[1]));
    }

    @Test
    void aSealedPasswordCopiedToAnotherCameraDoesNotOpen() throws Exception {
        set(fixture.credentials, "cam-1", "viewer", PASSWORD);
        set(fixture.credentials, "cam-2", "viewer", "other");
        fixture.database.inTransaction(connection -> {
            try (var statement = connection.createStatement()) {
                statement.executeUpdate("UPDATE camera_credential SET "
                        + "password_nonce = (SELECT password_nonce FROM camera_credential WHERE camera_id = 'cam-1'), "
                        + "password_sealed = (SELECT password_sealed FROM camera_credential WHERE camera_id = 'cam-1') "
                        + "WHERE camera_id = 'cam-2'");
            }
            return null;
        });
        CredentialUnreadableException refused = assertThrows(CredentialUnreadableException.class,
                () -> fixture.credentials.account("cam-2"));
        assertTrue(refused.getMessage().contains("cam-2"), refused.getMessage());
        assertFalse(refused.getMessage().contains(PASSWORD), refused.getMessage());
        assertArrayEquals(PASSWORD.toCharArray(), fixture.credentials.account("cam-1").orElseThrow().password());
    }

    @Test
    void aPasswordDoesNotOpenUnderAnotherKey() throws Exception {
        set(fixture.credentials, "cam-1", "viewer", PASSWORD);
        CredentialStore otherKey = new CredentialStore(fixture.database, new SecretKeySpec(new byte[32], "AES"),
                new java.security.SecureRandom(), CameraFixture.CLOCK);
        assertThrows(CredentialUnreadableException.class, () -> otherKey.account("cam-1"));
    }

    @Test
    void anAccountNeverShowsItsPassword() {
        CameraAccount account = new CameraAccount("viewer", PASSWORD.toCharArray());
        assertFalse(account.toString().contains(PASSWORD), account.toString());
        assertTrue(account.toString().contains("viewer"), account.toString());
    }

    @Test
    void overlongPasswordsAreRefused() {
        char[] tooLong = new char[CredentialStore.MAX_PASSWORD_CHARS + 1];
        Arrays.fill(tooLong, 'x');
        assertThrows(IllegalArgumentException.class, () -> set(fixture.credentials, "cam-1", "viewer", new String(tooLong)));
    }

    private static boolean contains(byte[] haystack, byte[] needle) {
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                return true;
            }
        }
        return false;
    }
}
