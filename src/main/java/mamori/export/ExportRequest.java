package mamori.export;

import java.time.Instant;
import java.util.Optional;
import mamori.audit.RecordingRange;

/// One request to let footage out, as stored: what, why, for whom, who asked and when, until when
/// it waits, and what became of it.
public record ExportRequest(String id, String terminalId, String cameraId, RecordingRange span, String purpose, Recipient recipient,
        String requesterId, String requesterName, Instant requestedAt, Instant expiresAt, RequestState state,
        Optional<String> decidedBy, Optional<Instant> decidedAt, Optional<String> comment) {

    public static final int MAX_PURPOSE = 500;
    public static final int MAX_COMMENT = 500;

    /// Whether it still waits for a decision at `now`.
    public boolean waitingAt(Instant now) {
        return state == RequestState.PENDING && now.isBefore(expiresAt);
    }
}
