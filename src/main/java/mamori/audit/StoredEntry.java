package mamori.audit;

import java.time.Instant;

/// An audit row exactly as the database holds it, before any check: what verification reads.
public record StoredEntry(long seq, Instant recordedAt, String terminalId, String personId, String sessionId, String action,
        String cameraId, String canonical, byte[] entryHash, String keyId, byte[] signature) {
}
