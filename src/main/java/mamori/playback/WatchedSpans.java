package mamori.playback;

import java.time.Duration;
import java.time.Instant;

/// What a viewer actually saw: the earliest and latest recording time shown and how much
/// recording time passed on screen (jumps from seeks are not counted as watched).
final class WatchedSpans {

    /// Frames further apart than this were not watched in one run (a seek or a gap lies between).
    private static final Duration RUN_BREAK = Duration.ofSeconds(2);

    private Instant first;
    private Instant last;
    private Instant previous;
    private Duration watched = Duration.ZERO;

    synchronized void shown(Instant recorded) {
        if (first == null || recorded.isBefore(first)) {
            first = recorded;
        }
        if (last == null || recorded.isAfter(last)) {
            last = recorded;
        }
        if (previous != null && recorded.isAfter(previous)
                && Duration.between(previous, recorded).compareTo(RUN_BREAK) <= 0) {
            watched = watched.plus(Duration.between(previous, recorded));
        }
        previous = recorded;
    }

    /// A run ends here (a seek); the next frame starts a new one.
    synchronized void breakRun() {
        previous = null;
    }

    synchronized boolean any() {
        return first != null;
    }

    synchronized Instant first() {
        return first;
    }

    synchronized Instant last() {
        return last;
    }

    synchronized Duration watched() {
        return watched;
    }
}
