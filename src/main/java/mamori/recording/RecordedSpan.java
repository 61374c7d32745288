package mamori.recording;

import java.time.Instant;

/// The first and last recorded instant of a camera and how many segments lie between.
public record RecordedSpan(Instant start, Instant end, int segments) {
}
