package mamori.onvif;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/// WS-Security UsernameToken Profile 1.0 with a password digest, the way ONVIF devices check it:
/// PasswordDigest = Base64(SHA-1(nonce bytes || Created || password)). The password itself never
/// leaves the process.
final class UsernameToken {

    /// 16 random bytes per request: devices remember recent nonces and refuse a repeated one.
    static final int NONCE_BYTES = 16;

    private UsernameToken() {
    }

    /// `Created` in UTC with the `Z` indicator, whole seconds (the device clock's own resolution,
    /// and the form every device firmware parses).
    static String created(Instant deviceTime) {
        return DateTimeFormatter.ISO_INSTANT.format(deviceTime.truncatedTo(ChronoUnit.SECONDS));
    }

    static String passwordDigest(byte[] nonce, String created, String password) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            sha1.update(nonce);
            sha1.update(created.getBytes(StandardCharsets.UTF_8));
            sha1.update(password.getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(sha1.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
