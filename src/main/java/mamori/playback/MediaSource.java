package mamori.playback;

import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/// Where a piece of recording is read from: a file of the local store, or an RTSP stream (a
/// camera, an NVR's replay URI).
public sealed interface MediaSource {

    /// How the source is named on screen and in the audit log: never with a password.
    String displayName();

    record LocalFile(Path file) implements MediaSource {

        @Override
        public String displayName() {
            return file.getFileName().toString();
        }
    }

    /// An RTSP URI without credentials; they travel apart so no message can carry them.
    record Rtsp(URI uri, Optional<Credentials> credentials) implements MediaSource {

        public Rtsp {
            if (!"rtsp".equalsIgnoreCase(uri.getScheme()) || uri.getUserInfo() != null) {
                throw new IllegalArgumentException("An rtsp:// URI without user information is needed");
            }
        }

        @Override
        public String displayName() {
            return uri.toString();
        }
    }

    /// An ONVIF recording's replay URI (Profile G, GetReplayUri) holding `start..end`, played by
    /// our own RTSP client with `Require: onvif-replay` and `Range: clock=` (decision 0031).
    record OnvifReplay(URI uri, Optional<Credentials> credentials, Instant start, Instant end) implements MediaSource {

        public OnvifReplay {
            if (!"rtsp".equalsIgnoreCase(uri.getScheme()) || uri.getUserInfo() != null) {
                throw new IllegalArgumentException("An rtsp:// URI without user information is needed");
            }
            if (!end.isAfter(start)) {
                throw new IllegalArgumentException("A recording ends after it starts: " + start + ".." + end);
            }
        }

        @Override
        public String displayName() {
            return uri.toString();
        }
    }

    /// A camera account. The password never appears in `toString`.
    record Credentials(String user, char[] password) {

        @Override
        public String toString() {
            return "Credentials[user=" + user + ", password=(set)]";
        }
    }
}
