package mamori.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/// Synthetic samples: each step advances the monotonic clock and the wall clock by the given
/// seconds (`monotonic/wall`). The table gives the jumps reported and where trusted time ends up,
/// in seconds after the first sample.
class ClockSanityTest {

    private static final Instant START = Instant.parse("2026-11-24T01:00:00Z");
    private static final long START_NANOS = 5_000_000_000L;
    private static final ClockSample FIRST = new ClockSample(START, START_NANOS);
    private static final Duration TWO_MINUTES = ClockSanity.DEFAULT_THRESHOLD;

    static Stream<Arguments> table() {
        return Stream.of(
                Arguments.of("steady", TWO_MINUTES, repeat(10, "60/60"), List.of(), "600"),
                Arguments.of("turned forwards", TWO_MINUTES, List.of("60/60", "60/360"), List.of("FORWARD 300"), "120"),
                Arguments.of("turned back an hour", TWO_MINUTES, List.of("60/-3540"), List.of("BACKWARD 3600"), "60"),
                Arguments.of("forwards, then set right again", TWO_MINUTES, List.of("60/3660", "60/60", "60/-3540"),
                        List.of("FORWARD 3600", "BACKWARD 3600"), "180"),
                Arguments.of("just under the threshold: followed by at most 500 ppm", TWO_MINUTES, List.of("60/179"), List.of(), "60.030"),
                Arguments.of("exactly the threshold is no jump", TWO_MINUTES, List.of("60/180"), List.of(), "60.030"),
                Arguments.of("a millisecond over the threshold", TWO_MINUTES, List.of("60/180.001"), List.of("FORWARD 120.001"), "60"),
                Arguments.of("turned in one-minute steps: seen once the steps add up", TWO_MINUTES, repeat(6, "10/70"),
                        List.of("FORWARD 179.990", "FORWARD 180"), "60.010"),
                Arguments.of("turned back in one-minute steps", TWO_MINUTES, repeat(3, "10/-50"), List.of("BACKWARD 179.990"), "29.990"),
                Arguments.of("NTP slewing 333 ppm is followed", TWO_MINUTES, repeat(100, "60/60.02"), List.of(), "6002"),
                Arguments.of("a stalled wall clock", TWO_MINUTES, repeat(3, "60/0"), List.of("BACKWARD 179.940"), "179.940"),
                Arguments.of("a configured threshold of ten seconds", Duration.ofSeconds(10), List.of("60/75"), List.of("FORWARD 15"), "60"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("table")
    void reportsJumpsAndKeepsTrustedTime(String name, Duration threshold, List<String> steps, List<String> jumps, String trustedAfter) {
        ClockSanity sanity = ClockSanity.start(FIRST, threshold);
        Instant wall = START;
        long nanos = START_NANOS;
        List<String> reported = new ArrayList<>();
        for (String step : steps) {
            String[] parts = step.split("/");
            nanos += seconds(parts[0]).toNanos();
            wall = wall.plus(seconds(parts[1]));
            ClockSanity.Observation observation = sanity.observe(new ClockSample(wall, nanos));
            observation.jump().ifPresent(jump -> reported.add(jump.direction() + " " + new BigDecimal(jump.skew().toNanos()).movePointLeft(9)));
            sanity = observation.next();
        }
        assertEquals(jumps.stream().map(ClockSanityTest::normalised).toList(), reported.stream().map(ClockSanityTest::normalised).toList());
        assertEquals(START.plus(seconds(trustedAfter)), sanity.trustedAt(nanos));
    }

    @Test
    void aJumpSaysWhatTheClockShouldHaveReadAndWhatItRead() {
        ClockSanity.Observation observation = ClockSanity.start(FIRST, TWO_MINUTES)
                .observe(new ClockSample(START.plusSeconds(3660), START_NANOS + Duration.ofSeconds(60).toNanos()));
        assertEquals(Optional.of(new ClockJump(START.plusSeconds(60), START.plusSeconds(3660), Duration.ofHours(1), ClockJump.Direction.FORWARD)),
                observation.jump());
        assertEquals(observation.jump(), observation.next().unacknowledgedJump());
    }

    @Test
    void trustedTimeRunsOnTheMonotonicClockAfterAJump() {
        ClockSanity jumped = ClockSanity.start(FIRST, TWO_MINUTES)
                .observe(new ClockSample(START.plus(Duration.ofHours(8)), START_NANOS + 1_000_000_000L)).next();
        assertEquals(START.plusSeconds(61), jumped.trustedAt(START_NANOS + 61_000_000_000L));
    }

    @Test
    void acknowledgingKeepsTrustedTimeAndAdoptingTakesTheWallClock() {
        ClockSample turned = new ClockSample(START.plus(Duration.ofHours(8)), START_NANOS + 1_000_000_000L);
        ClockSanity jumped = ClockSanity.start(FIRST, TWO_MINUTES).observe(turned).next();

        ClockSanity acknowledged = jumped.acknowledged();
        assertEquals(Optional.empty(), acknowledged.unacknowledgedJump());
        assertEquals(START.plusSeconds(1), acknowledged.trustedAt(turned.monotonicNanos()));
        assertEquals(Optional.empty(), acknowledged.observe(new ClockSample(turned.wall().plusSeconds(60), turned.monotonicNanos() + 60_000_000_000L))
                .jump(), "an acknowledged offset is not reported again");

        ClockSanity adopted = jumped.adoptingWallClock(turned);
        assertEquals(Optional.empty(), adopted.unacknowledgedJump());
        assertEquals(turned.wall(), adopted.trustedAt(turned.monotonicNanos()));
    }

    @Test
    void aClockTurnedBackWhileTheKioskWasOffIsSeenAtStart() {
        Instant lastRecorded = START.plus(Duration.ofHours(3));
        ClockSanity sanity = ClockSanity.start(FIRST, lastRecorded, TWO_MINUTES);
        assertEquals(Optional.of(new ClockJump(lastRecorded, START, Duration.ofHours(3), ClockJump.Direction.BACKWARD)), sanity.unacknowledgedJump());
        assertEquals(lastRecorded, sanity.trustedAt(START_NANOS));
        ClockSanity.Observation later = sanity.observe(new ClockSample(START.plusSeconds(60), START_NANOS + 60_000_000_000L));
        assertEquals(Optional.empty(), later.jump(), "the same offset is not reported twice");
    }

    @Test
    void aStartJustBeforeTheLastRecordedInstantIsBelieved() {
        ClockSanity sanity = ClockSanity.start(FIRST, START.plusSeconds(30), TWO_MINUTES);
        assertEquals(Optional.empty(), sanity.unacknowledgedJump());
        assertEquals(START, sanity.trustedAt(START_NANOS));
    }

    @Test
    void samplesOutOfMonotonicOrderAreRefused() {
        ClockSanity sanity = ClockSanity.start(FIRST, TWO_MINUTES);
        assertThrows(IllegalArgumentException.class, () -> sanity.observe(new ClockSample(START, START_NANOS - 1)));
        assertThrows(IllegalArgumentException.class, () -> ClockSanity.start(FIRST, Duration.ZERO));
    }

    @Test
    void theTrustedTimeCannotBeMovedIntoTheFutureByTurningTheClock() {
        ClockSanity sanity = ClockSanity.start(FIRST, TWO_MINUTES);
        long nanos = START_NANOS;
        Instant wall = START;
        for (int i = 0; i < 1_000; i++) {
            nanos += 10_000_000_000L;
            wall = wall.plusSeconds(10 + 119);
            sanity = sanity.observe(new ClockSample(wall, nanos)).next();
        }
        Duration ahead = Duration.between(START.plusNanos(nanos - START_NANOS), sanity.trustedAt(nanos));
        assertTrue(ahead.compareTo(Duration.ofMillis(20)) <= 0, "trusted time ran ahead by " + ahead);
    }

    private static List<String> repeat(int times, String step) {
        return Collections.nCopies(times, step);
    }

    private static Duration seconds(String decimal) {
        return Duration.ofNanos(new BigDecimal(decimal).movePointRight(9).longValueExact());
    }

    private static String normalised(String jump) {
        String[] parts = jump.split(" ");
        return parts[0] + " " + new BigDecimal(parts[1]).stripTrailingZeros().toPlainString();
    }
}
