package mamori.clock;

import java.time.Instant;
import java.util.Objects;

/// The wall clock and the monotonic clock (`System.nanoTime`) read at the same moment.
public record ClockSample(Instant wall, long monotonicNanos) {

    public ClockSample {
        Objects.requireNonNull(wall, "wall");
    }
}
