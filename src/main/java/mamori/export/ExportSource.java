package mamori.export;

import java.util.regex.Pattern;
import mamori.audit.RecordingRange;

/// One recorded segment an export was made from: its file name (no directory), the span of
/// recording time it holds, and its SHA-256 in lower-case hex, as named in the manifest.
public record ExportSource(String fileName, RecordingRange span, String sha256) {

    private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

    public ExportSource {
        if (fileName.isBlank() || fileName.contains("/") || fileName.contains("\\")) {
            throw new IllegalArgumentException("a source is named by its file name alone: " + fileName);
        }
        if (!HEX_SHA256.matcher(sha256).matches()) {
            throw new IllegalArgumentException("a source's SHA-256 is 64 lower-case hex digits");
        }
    }
}
