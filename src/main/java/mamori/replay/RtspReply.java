package mamori.replay;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/// One RTSP response (RFC 2326 section 7): status, headers by lower-case name (a header may come
/// several times, as `WWW-Authenticate` does), body.
record RtspReply(int status, String reason, Map<String, List<String>> headers, byte[] body) {

    Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(java.util.Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    List<String> all(String name) {
        return headers.getOrDefault(name.toLowerCase(java.util.Locale.ROOT), List.of());
    }
}
