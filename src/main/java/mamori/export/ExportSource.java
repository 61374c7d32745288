package mamori.export;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;
import mamori.audit.RecordingRange;

/// One recording an export was made from, as named in the manifest: a segment file of the local
/// store (its file name, no directory, and the file's SHA-256) or an ONVIF replay (its URI without
/// account, query or fragment, and the SHA-256 of the access units received, see decision 0039);
/// the span of recording time it holds; the SHA-256 in lower-case hex.
public record ExportSource(Kind kind, String name, RecordingRange span, String sha256) {

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    public enum Kind {
        /// A segment file: `name` is its file name.
        FILE("file"),
        /// An ONVIF replay (Profile G): `name` is its rtsp:// URI.
        REPLAY("replay");

        private final String manifestKey;

        Kind(String manifestKey) {
            this.manifestKey = manifestKey;
        }

        /// The key that holds the name in the manifest's entry for the source.
        public String manifestKey() {
            return manifestKey;
        }
    }

    public ExportSource {
        switch (kind) {
            case FILE -> {
                if (name.isBlank() || name.contains("/") || name.contains("\\")) {
                    throw new IllegalArgumentException("a source file is named by its file name alone: " + name);
                }
            }
            case REPLAY -> {
                if (name.isEmpty() || !name.equals(replayName(name))) {
                    throw new IllegalArgumentException("a replay is named by an rtsp:// URI without account, query or fragment");
                }
            }
        }
        if (!HEX_SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("a source's SHA-256 is 64 lower-case hex digits");
        }
    }

    public static ExportSource file(String fileName, RecordingRange span, String sha256) {
        return new ExportSource(Kind.FILE, fileName, span, sha256);
    }

    /// The replay at `uri`, named without what could be a secret (an account, a token in the query).
    public static ExportSource replay(URI uri, RecordingRange span, String sha256) {
        return new ExportSource(Kind.REPLAY, replayName(uri.toString()), span, sha256);
    }

    /// `uri` with only scheme, host, port and path (as written, escapes kept); "" when it is no
    /// rtsp:// or rtsps:// URI with a host.
    private static String replayName(String uri) {
        try {
            URI parsed = new URI(uri);
            String scheme = parsed.getScheme();
            if (scheme == null || !(scheme.equalsIgnoreCase("rtsp") || scheme.equalsIgnoreCase("rtsps")) || parsed.getHost() == null) {
                return "";
            }
            return scheme.toLowerCase(Locale.ROOT) + "://" + parsed.getHost() + (parsed.getPort() < 0 ? "" : ":" + parsed.getPort())
                    + (parsed.getRawPath() == null ? "" : parsed.getRawPath());
        } catch (URISyntaxException e) {
            return "";
        }
    }
}
