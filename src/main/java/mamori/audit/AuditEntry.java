package mamori.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/// One entry of the audit log as stored: the recorded fields, the exact canonical text that was
/// hashed ([AuditEntryFormat]), its SHA-256, and the terminal key's Ed25519 signature of that hash.
public record AuditEntry(long seq, Instant recordedAt, long monotonicNanos, String runId, String terminalId,
        Optional<String> personId, Optional<String> sessionId, AuditAction action, Optional<String> cameraId,
        Optional<RecordingRange> range, Map<String, Object> details, byte[] prevHash, String keyId,
        String canonical, byte[] entryHash, byte[] signature) {
}
