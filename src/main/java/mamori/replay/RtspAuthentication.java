package mamori.replay;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/// The answer to an RTSP server's `WWW-Authenticate` challenge: Digest (RFC 2617, and RFC 7616's
/// SHA-256 when offered) or, only when the server offers nothing else, Basic. The password is read
/// from the account at each answer and never kept in a String.
final class RtspAuthentication {

    private static final Pattern PARAMETER = Pattern.compile("\\s*([A-Za-z0-9_-]+)\\s*=\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,\\s]*)\\s*,?");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ReplayAccount account;
    private final Scheme scheme;
    private final Map<String, String> challenge;
    private int nonceCount;

    private RtspAuthentication(ReplayAccount account, Scheme scheme, Map<String, String> challenge) {
        this.account = account;
        this.scheme = scheme;
        this.challenge = challenge;
    }

    enum Scheme { DIGEST_SHA256, DIGEST_MD5, BASIC }

    /// The strongest scheme among the challenges this client can answer, if any.
    static Optional<RtspAuthentication> answering(List<String> challenges, ReplayAccount account) {
        RtspAuthentication best = null;
        for (String header : challenges) {
            int space = header.indexOf(' ');
            String name = (space < 0 ? header : header.substring(0, space)).trim().toLowerCase(Locale.ROOT);
            Map<String, String> parameters = space < 0 ? Map.of() : parameters(header.substring(space + 1));
            Scheme scheme = switch (name) {
                case "digest" -> {
                    String algorithm = parameters.getOrDefault("algorithm", "MD5").toUpperCase(Locale.ROOT);
                    yield switch (algorithm) {
                        case "SHA-256" -> Scheme.DIGEST_SHA256;
                        case "MD5" -> Scheme.DIGEST_MD5;
                        default -> null;
                    };
                }
                case "basic" -> Scheme.BASIC;
                default -> null;
            };
            if (scheme == null || (scheme != Scheme.BASIC && (!parameters.containsKey("realm") || !parameters.containsKey("nonce")))) {
                continue;
            }
            if (best == null || scheme.ordinal() < best.scheme.ordinal()) {
                best = new RtspAuthentication(account, scheme, parameters);
            }
        }
        return Optional.ofNullable(best);
    }

    Scheme scheme() {
        return scheme;
    }

    /// The `Authorization` header for one request.
    String authorization(String method, String uri) {
        char[] password = account.password();
        byte[] secret = utf8(password);
        try {
            if (scheme == Scheme.BASIC) {
                byte[] user = (account.user() + ":").getBytes(StandardCharsets.UTF_8);
                byte[] both = new byte[user.length + secret.length];
                System.arraycopy(user, 0, both, 0, user.length);
                System.arraycopy(secret, 0, both, user.length, secret.length);
                String encoded = java.util.Base64.getEncoder().encodeToString(both);
                Arrays.fill(both, (byte) 0);
                return "Basic " + encoded;
            }
            String realm = challenge.get("realm");
            String nonce = challenge.get("nonce");
            String algorithm = scheme == Scheme.DIGEST_SHA256 ? "SHA-256" : "MD5";
            boolean qopAuth = challenge.containsKey("qop") && Arrays.stream(challenge.get("qop").split(","))
                    .map(String::trim).anyMatch("auth"::equalsIgnoreCase);
            StringBuilder header = new StringBuilder("Digest username=\"").append(quoted(account.user()))
                    .append("\", realm=\"").append(quoted(realm)).append("\", nonce=\"").append(quoted(nonce))
                    .append("\", uri=\"").append(quoted(uri)).append('"');
            String response;
            if (qopAuth) {
                String nc = String.format(Locale.ROOT, "%08x", ++nonceCount);
                byte[] random = new byte[8];
                RANDOM.nextBytes(random);
                String cnonce = HexFormat.of().formatHex(random);
                response = digest(algorithm, account.user(), realm, secret, method, uri, nonce, Optional.of(new Qop(nc, cnonce)));
                header.append(", qop=auth, nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
            } else {
                response = digest(algorithm, account.user(), realm, secret, method, uri, nonce, Optional.empty());
            }
            header.append(", response=\"").append(response).append('"');
            if (challenge.containsKey("opaque")) {
                header.append(", opaque=\"").append(quoted(challenge.get("opaque"))).append('"');
            }
            if (challenge.containsKey("algorithm")) {
                header.append(", algorithm=").append(algorithm);
            }
            return header.toString();
        } finally {
            Arrays.fill(secret, (byte) 0);
            Arrays.fill(password, '\0');
        }
    }

    /// `qop=auth`'s nonce count and client nonce (RFC 2617 section 3.2.2).
    record Qop(String nc, String cnonce) {
    }

    /// The `response` value: RFC 2617 section 3.2.2.1 (and RFC 7616 section 3.4.1 for SHA-256).
    static String digest(String algorithm, String user, String realm, byte[] password, String method, String uri, String nonce,
            Optional<Qop> qop) {
        String ha1 = hash(algorithm, (user + ":" + realm + ":").getBytes(StandardCharsets.UTF_8), password);
        String ha2 = hash(algorithm, (method + ":" + uri).getBytes(StandardCharsets.UTF_8));
        String data = qop.map(each -> nonce + ":" + each.nc() + ":" + each.cnonce() + ":auth:" + ha2).orElse(nonce + ":" + ha2);
        return hash(algorithm, (ha1 + ":" + data).getBytes(StandardCharsets.UTF_8));
    }

    static Map<String, String> parameters(String text) {
        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher matcher = PARAMETER.matcher(text);
        int at = 0;
        while (at < text.length() && matcher.find(at) && matcher.start() == at && matcher.end() > at && parameters.size() < 32) {
            String value = matcher.group(3) != null ? matcher.group(3).replaceAll("\\\\(.)", "$1") : matcher.group(2);
            parameters.putIfAbsent(matcher.group(1).toLowerCase(Locale.ROOT), value);
            at = matcher.end();
        }
        return parameters;
    }

    private static String quoted(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static byte[] utf8(char[] password) {
        ByteBuffer encoded = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
        byte[] bytes = new byte[encoded.remaining()];
        encoded.get(bytes);
        if (encoded.hasArray()) {
            Arrays.fill(encoded.array(), (byte) 0);
        }
        return bytes;
    }

    private static String hash(String algorithm, byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance(algorithm);
            for (byte[] part : parts) {
                digest.update(part);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every Java runtime", e);
        }
    }
}
