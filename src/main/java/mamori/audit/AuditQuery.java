package mamori.audit;

import java.time.Instant;
import java.util.Optional;

/// What the audit screen filters on; empty fields match everything. `from` inclusive, `to` exclusive.
public record AuditQuery(Optional<Instant> from, Optional<Instant> to, Optional<String> personId, Optional<String> cameraId,
        Optional<AuditAction> action, Optional<String> terminalId) {

    public static final AuditQuery ALL = new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
            Optional.empty(), Optional.empty());
}
