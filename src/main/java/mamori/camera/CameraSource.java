package mamori.camera;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/// Where a camera's video comes from. Addresses never carry user information: the account is kept
/// apart, encrypted ([CredentialStore]), so an address can be shown, logged and audited.
public sealed interface CameraSource {

    /// Longest ONVIF token (tt:ReferenceToken) accepted.
    int MAX_TOKEN_CHARS = 64;

    Camera.SourceKind kind();

    /// The settings as the audit log records them (no secrets in any of them).
    Map<String, Object> auditDetails();

    /// Segment files in the local recording store.
    record LocalStore() implements CameraSource {

        @Override
        public Camera.SourceKind kind() {
            return Camera.SourceKind.RECORDING_STORE;
        }

        @Override
        public Map<String, Object> auditDetails() {
            return Map.of("kind", kind().name());
        }
    }

    /// An `rtsp://` address: a recorded stream when `recorded` says what span it holds, else live.
    record Rtsp(URI uri, Optional<Recorded> recorded) implements CameraSource {

        public Rtsp {
            requireAddress(uri, "rtsp");
        }

        @Override
        public Camera.SourceKind kind() {
            return Camera.SourceKind.RTSP;
        }

        @Override
        public Map<String, Object> auditDetails() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("kind", kind().name());
            details.put("uri", uri.toString());
            details.put("recordedFrom", recorded.map(span -> (Object) span.start()).orElse("live"));
            recorded.ifPresent(span -> details.put("recordedMillis", span.length().toMillis()));
            return details;
        }
    }

    /// An ONVIF device or recorder: its device service address, and, when it has several, which
    /// recording (Profile G) and which live profile (Profile S) are this camera's.
    record Onvif(URI deviceService, Optional<String> recordingToken, Optional<String> profileToken) implements CameraSource {

        public Onvif {
            requireAddress(deviceService, "http", "https");
            recordingToken.ifPresent(token -> requireToken(token, "recording"));
            profileToken.ifPresent(token -> requireToken(token, "profile"));
        }

        @Override
        public Camera.SourceKind kind() {
            return Camera.SourceKind.ONVIF;
        }

        @Override
        public Map<String, Object> auditDetails() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("kind", kind().name());
            details.put("uri", deviceService.toString());
            details.put("recording", recordingToken.orElse(null));
            details.put("profile", profileToken.orElse(null));
            return details;
        }
    }

    /// The span a recorded RTSP stream holds, from its first frame.
    record Recorded(Instant start, Duration length) {

        public Recorded {
            if (length.isNegative() || length.isZero()) {
                throw new IllegalArgumentException("A recorded stream has a positive length: " + length);
            }
        }

        public Instant end() {
            return start.plus(length);
        }
    }

    /// The message never repeats the address: it may hold the very password it must not hold.
    private static void requireAddress(URI address, String... schemes) {
        String scheme = address.getScheme() == null ? "" : address.getScheme().toLowerCase(Locale.ROOT);
        if (!java.util.List.of(schemes).contains(scheme) || address.getHost() == null) {
            throw new IllegalArgumentException("The address must be an absolute " + String.join(" or ", schemes) + " URI");
        }
        if (address.getRawUserInfo() != null) {
            throw new IllegalArgumentException("The address must not contain a user name or password: they are set as the camera's credentials");
        }
    }

    private static void requireToken(String token, String what) {
        if (token.isBlank() || token.length() > MAX_TOKEN_CHARS) {
            throw new IllegalArgumentException("The " + what + " token must be 1 to " + MAX_TOKEN_CHARS + " characters");
        }
    }
}
