package mamori.camera;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Optional;
import javax.crypto.AEADBadTagException;
import javax.crypto.SecretKey;
import mamori.crypto.AesGcm;
import mamori.store.Database;

/// The cameras' accounts: user names in clear, passwords sealed with AES-GCM under a key of the key
/// store, the camera id as associated data. A password is never shown again once entered: screens
/// ask [#userName] and [#hasPassword] ("set" / "change"); only the player gets [#account], to open
/// a stream. Changes go through [CameraAdministration], which audits them.
public final class CredentialStore {

    /// Longest password accepted, in characters (sealed, at most 4 UTF-8 bytes each, it fits its column).
    public static final int MAX_PASSWORD_CHARS = 256;
    public static final int MAX_USER_CHARS = 200;
    /// Prefix of the associated data: the purpose, so a value sealed for something else under the same key never opens here.
    private static final String CONTEXT = "mamori camera password v1\0";

    private final Database database;
    private final SecretKey key;
    private final SecureRandom random;
    private final Clock clock;

    public CredentialStore(Database database, SecretKey key, SecureRandom random, Clock clock) {
        this.database = database;
        this.key = key;
        this.random = random;
        this.clock = clock;
    }

    public Optional<String> userName(String cameraId) throws SQLException {
        try (Connection connection = database.connection()) {
            return userName(connection, cameraId);
        }
    }

    public boolean hasPassword(String cameraId) throws SQLException {
        return userName(cameraId).isPresent();
    }

    /// The account to open `cameraId`'s stream with; empty when none is set. For the player only:
    /// nothing may show or log the password.
    public Optional<CameraAccount> account(String cameraId) throws SQLException, CredentialUnreadableException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT user_name, password_nonce, password_sealed FROM camera_credential WHERE camera_id = ?")) {
            query.setString(1, cameraId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                byte[] plain;
                try {
                    plain = AesGcm.open(key, new AesGcm.Sealed(row.getBytes(2), row.getBytes(3)), associatedData(cameraId));
                } catch (AEADBadTagException | IllegalArgumentException e) {
                    throw new CredentialUnreadableException("The stored password of camera " + cameraId
                            + " does not open with this terminal's key (altered, copied from another camera, or the key store was replaced): set it again");
                }
                try {
                    return Optional.of(new CameraAccount(row.getString(1), decode(plain)));
                } finally {
                    Arrays.fill(plain, (byte) 0);
                }
            }
        }
    }

    static Optional<String> userName(Connection connection, String cameraId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT user_name FROM camera_credential WHERE camera_id = ?")) {
            query.setString(1, cameraId);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(row.getString(1)) : Optional.empty();
            }
        }
    }

    /// Seals and stores `account` for `cameraId`, replacing what was there; part of the caller's transaction.
    void set(Connection connection, String cameraId, CameraAccount account) throws SQLException {
        if (account.user().length() > MAX_USER_CHARS || account.password().length > MAX_PASSWORD_CHARS) {
            throw new IllegalArgumentException("User names up to " + MAX_USER_CHARS + " and passwords up to "
                    + MAX_PASSWORD_CHARS + " characters");
        }
        byte[] plain = encode(account.password());
        AesGcm.Sealed sealed;
        try {
            sealed = AesGcm.seal(key, plain, associatedData(cameraId), random);
        } finally {
            Arrays.fill(plain, (byte) 0);
        }
        try (PreparedStatement merge = connection.prepareStatement("MERGE INTO camera_credential (camera_id, user_name, "
                + "password_nonce, password_sealed, changed_at) KEY (camera_id) VALUES (?, ?, ?, ?, ?)")) {
            merge.setString(1, cameraId);
            merge.setString(2, account.user());
            merge.setBytes(3, sealed.nonce());
            merge.setBytes(4, sealed.ciphertext());
            merge.setObject(5, OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC));
            merge.executeUpdate();
        }
    }

    static void remove(Connection connection, String cameraId) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM camera_credential WHERE camera_id = ?")) {
            delete.setString(1, cameraId);
            delete.executeUpdate();
        }
    }

    private static byte[] associatedData(String cameraId) {
        return (CONTEXT + cameraId).getBytes(StandardCharsets.UTF_8);
    }

    /// UTF-8 without a String in between, so no copy of the password outlives the wiped arrays.
    private static byte[] encode(char[] password) {
        ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] out = new byte[bytes.remaining()];
        bytes.get(out);
        if (bytes.hasArray()) {
            Arrays.fill(bytes.array(), (byte) 0);
        }
        return out;
    }

    private static char[] decode(byte[] plain) throws CredentialUnreadableException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            CharBuffer chars = decoder.decode(ByteBuffer.wrap(plain));
            char[] out = new char[chars.remaining()];
            chars.get(out);
            if (chars.hasArray()) {
                Arrays.fill(chars.array(), '\0');
            }
            return out;
        } catch (CharacterCodingException e) {
            throw new CredentialUnreadableException("A stored password is not text");
        }
    }
}
