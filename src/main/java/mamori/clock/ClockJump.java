package mamori.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/// The wall clock moved by more than the monotonic clock allows: it should have read `from` and read
/// `to`, `skew` apart (always positive), in `direction`.
public record ClockJump(Instant from, Instant to, Duration skew, Direction direction) {

    public enum Direction {
        FORWARD,
        BACKWARD
    }

    public ClockJump {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(direction, "direction");
        if (skew.isNegative()) {
            throw new IllegalArgumentException("The skew is a size, the direction says which way: " + skew);
        }
    }
}
