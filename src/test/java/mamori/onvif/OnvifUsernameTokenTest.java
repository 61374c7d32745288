package mamori.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/// The password digest against values computed apart from this code, with Python's hashlib:
/// `base64(sha1(nonce + created.encode() + password.encode("utf-8")))` (the UsernameToken
/// profile's own example does not give the password behind its digest).
class OnvifUsernameTokenTest {

    @Test
    void theDigestIsSha1OfNonceCreatedAndPassword() {
        assertEquals("7tYrP2IpAuG+7XJ887Ogg1FyvGo=", UsernameToken.passwordDigest(new byte[16], "2026-11-02T10:00:00Z", "pw"));
        assertEquals("YBlVLOF89FSXylvR5ffNfw00aTo=", UsernameToken.passwordDigest(
                Base64.getDecoder().decode("AAECAwQFBgcICQoLDA0ODw=="), "2026-11-02T01:00:00Z", "パスワード"));
    }

    @Test
    void createdIsUtcWithZInWholeSeconds() {
        assertEquals("2026-11-02T10:00:00Z", UsernameToken.created(Instant.parse("2026-11-02T10:00:00.999Z")));
        assertEquals("2026-11-02T10:00:00Z", UsernameToken.created(Instant.parse("2026-11-02T19:00:00+09:00")));
    }
}
