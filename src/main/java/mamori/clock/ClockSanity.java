package mamori.clock;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/// Watches the wall clock against the monotonic clock and keeps the **trusted time** that policy
/// decisions use. Immutable: [#observe] returns the next state.
///
/// Trusted time runs on the monotonic clock, which nobody can set. It follows the wall clock only
/// while the two agree within the threshold, and then by at most 500 ppm of the elapsed time (NTP's
/// frequency tolerance, RFC 5905 `MAXFREQ`), enough for NTP's small corrections and a drifting
/// crystal. So a wall clock turned in one step is a jump that trusted time ignores, and one turned
/// in small steps drifts away from trusted time until the difference is reported as a jump: either
/// way, turning the clock cannot move a policy decision into viewing hours.
///
/// A jump is reported once, when the wall clock's offset from trusted time changes by more than the
/// threshold; it stays unacknowledged until a supervisor or administrator [#acknowledged] it.
/// Acknowledging does not make the wall clock trusted; only [#adoptingWallClock] does (an
/// administrator's act, after setting the clock right).
///
/// Limits: the first sample after a start is believed unless it is before the last recorded
/// instant; a clock turned forwards while the kiosk was off is not seen. The monotonic clock stops
/// while the PC sleeps, so waking up is reported as a forward jump.
public final class ClockSanity {

    public static final Duration DEFAULT_THRESHOLD = Duration.ofMinutes(2);

    /// 1 / 500 ppm: trusted time follows the wall clock by at most one part in this many.
    private static final long SLEW_DIVISOR = 2_000;

    private final Duration threshold;
    private final Instant trusted;
    private final long trustedAtNanos;
    private final Duration acceptedOffset;
    private final Optional<ClockJump> unacknowledged;

    private ClockSanity(Duration threshold, Instant trusted, long trustedAtNanos, Duration acceptedOffset,
            Optional<ClockJump> unacknowledged) {
        this.threshold = threshold;
        this.trusted = trusted;
        this.trustedAtNanos = trustedAtNanos;
        this.acceptedOffset = acceptedOffset;
        this.unacknowledged = unacknowledged;
    }

    /// Starts trusting `first`.
    public static ClockSanity start(ClockSample first, Duration threshold) {
        requirePositive(threshold);
        return new ClockSanity(threshold, first.wall(), first.monotonicNanos(), Duration.ZERO, Optional.empty());
    }

    /// Starts trusting `first` unless it is more than the threshold before `lastRecorded` (the newest
    /// instant already in the audit log): then the clock was turned back while the kiosk was off, the
    /// jump is reported, and trusted time starts at `lastRecorded`.
    public static ClockSanity start(ClockSample first, Instant lastRecorded, Duration threshold) {
        requirePositive(threshold);
        Duration behind = Duration.between(first.wall(), lastRecorded);
        if (behind.compareTo(threshold) <= 0) {
            return start(first, threshold);
        }
        ClockJump jump = new ClockJump(lastRecorded, first.wall(), behind, ClockJump.Direction.BACKWARD);
        return new ClockSanity(threshold, lastRecorded, first.monotonicNanos(), behind.negated(), Optional.of(jump));
    }

    /// The next state after `sample`, and the jump it shows if any. Samples come in monotonic order.
    public Observation observe(ClockSample sample) {
        long elapsed = sample.monotonicNanos() - trustedAtNanos;
        if (elapsed < 0) {
            throw new IllegalArgumentException("Samples must come in monotonic order: " + sample.monotonicNanos() + " < " + trustedAtNanos);
        }
        Instant expected = trusted.plusNanos(elapsed);
        Duration offset = Duration.between(expected, sample.wall());
        Duration change = offset.minus(acceptedOffset);
        Optional<ClockJump> jump = Optional.empty();
        Duration accepted = acceptedOffset;
        if (change.abs().compareTo(threshold) > 0) {
            jump = Optional.of(new ClockJump(expected.plus(acceptedOffset), sample.wall(), change.abs(),
                    change.isNegative() ? ClockJump.Direction.BACKWARD : ClockJump.Direction.FORWARD));
            accepted = offset;
        }
        Duration follow = offset.abs().compareTo(threshold) <= 0 ? slewLimited(offset, elapsed) : Duration.ZERO;
        ClockSanity next = new ClockSanity(threshold, expected.plus(follow), sample.monotonicNanos(), accepted,
                jump.or(() -> unacknowledged));
        return new Observation(next, jump);
    }

    /// The trusted time when the monotonic clock reads `monotonicNanos`: what the policy gets as "now".
    public Instant trustedAt(long monotonicNanos) {
        return trusted.plusNanos(monotonicNanos - trustedAtNanos);
    }

    /// The latest jump nobody has acknowledged yet.
    public Optional<ClockJump> unacknowledgedJump() {
        return unacknowledged;
    }

    /// Someone has seen the jumps; trusted time stays where it is.
    public ClockSanity acknowledged() {
        return new ClockSanity(threshold, trusted, trustedAtNanos, acceptedOffset, Optional.empty());
    }

    /// The wall clock is right as of `sample` (an administrator set it): trusted time takes it over.
    public ClockSanity adoptingWallClock(ClockSample sample) {
        return start(sample, threshold);
    }

    public Duration threshold() {
        return threshold;
    }

    private static Duration slewLimited(Duration offset, long elapsedNanos) {
        long limit = elapsedNanos / SLEW_DIVISOR;
        return Duration.ofNanos(Math.clamp(offset.toNanos(), -limit, limit));
    }

    private static void requirePositive(Duration threshold) {
        Objects.requireNonNull(threshold, "threshold");
        if (threshold.isNegative() || threshold.isZero()) {
            throw new IllegalArgumentException("The jump threshold must be positive: " + threshold);
        }
    }

    /// What one sample showed, and the state to observe the next one with.
    public record Observation(ClockSanity next, Optional<ClockJump> jump) {
    }
}
