package mamori.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/// Digest answers against the published examples (RFC 2617 section 3.5, RFC 7616 section 3.9.1),
/// and the choice of scheme among several challenges.
class RtspAuthenticationTest {

    @Test
    void md5DigestMatchesRfc2617() {
        String response = RtspAuthentication.digest("MD5", "Mufasa", "testrealm@host.com",
                "Circle Of Life".getBytes(StandardCharsets.UTF_8), "GET", "/dir/index.html", "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                Optional.of(new RtspAuthentication.Qop("00000001", "0a4f113b")));
        assertEquals("6629fae49393a05397450978507c4ef1", response);
    }

    @Test
    void sha256AndMd5DigestMatchRfc7616() {
        byte[] password = "Circle of Life".getBytes(StandardCharsets.UTF_8);
        String nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
        RtspAuthentication.Qop qop = new RtspAuthentication.Qop("00000001", "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ");
        assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", RtspAuthentication.digest("SHA-256",
                "Mufasa", "http-auth@example.org", password, "GET", "/dir/index.html", nonce, Optional.of(qop)));
        assertEquals("8ca523f5e9506fed4657c9700eebdbec", RtspAuthentication.digest("MD5",
                "Mufasa", "http-auth@example.org", password, "GET", "/dir/index.html", nonce, Optional.of(qop)));
    }

    @Test
    void theStrongestOfferedSchemeIsAnsweredAndThePasswordIsNotInTheHeader() {
        ReplayAccount account = new ReplayAccount("viewer", "s3cret".toCharArray());
        RtspAuthentication chosen = RtspAuthentication.answering(List.of("Basic realm=\"cam\"",
                "Digest realm=\"cam\", nonce=\"abc\", algorithm=MD5", "Digest realm=\"cam\", nonce=\"abc\", algorithm=SHA-256, qop=\"auth\""),
                account).orElseThrow();
        assertEquals(RtspAuthentication.Scheme.DIGEST_SHA256, chosen.scheme());
        String header = chosen.authorization("DESCRIBE", "rtsp://127.0.0.1/cam1");
        assertTrue(header.startsWith("Digest username=\"viewer\", realm=\"cam\", nonce=\"abc\""), header);
        assertTrue(header.contains("qop=auth, nc=00000001"), header);
        assertFalse(header.contains("s3cret"), header);
        assertFalse(account.toString().contains("s3cret"));
    }

    @Test
    void basicOnlyWhenNothingElseIsOfferedAndUnknownSchemesAreNotAnswered() {
        ReplayAccount account = new ReplayAccount("viewer", "pw".toCharArray());
        assertEquals("Basic dmlld2VyOnB3", RtspAuthentication.answering(List.of("Basic realm=\"cam\""), account).orElseThrow()
                .authorization("DESCRIBE", "rtsp://x/"));
        assertTrue(RtspAuthentication.answering(List.of("Negotiate abc", "Digest realm=\"cam\""), account).isEmpty(),
                "Digest without a nonce, and schemes we do not speak, are not answered");
    }
}
