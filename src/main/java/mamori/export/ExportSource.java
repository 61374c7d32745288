package mamori.export;

import mamori.audit.RecordingRange;

/// One source file an export was made from: its file name, the span of recording it holds (as the
/// store indexes it) and the SHA-256 (hex) of the whole file, read before it was decoded.
public record ExportSource(String name, RecordingRange span, String sha256) {
}
