package mamori.audit;

import java.time.Instant;

/// The span of recorded footage an action concerns (recording time, UTC), `from` before or at `to`.
public record RecordingRange(Instant from, Instant to) {

    public RecordingRange {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("A recording range must not end before it starts: " + from + " .. " + to);
        }
    }
}
