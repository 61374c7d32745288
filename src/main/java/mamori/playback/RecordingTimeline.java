package mamori.playback;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import mamori.recording.RecordingSegment;

/// A camera's recording over time: its segment files in order, the spans they cover and the gaps
/// between them (an NVR that was off, a disk that was full).
public final class RecordingTimeline {

    /// Segments closer than this count as one continuous span (file boundaries are not gaps).
    private static final Duration JOIN = Duration.ofSeconds(1);

    private final List<Piece> segments;

    /// The local store's segment files of one camera.
    public RecordingTimeline(List<RecordingSegment> files) {
        this(files.stream().map(file -> new Piece(file.start(), file.end(), new MediaSource.LocalFile(file.file()))).toList(), true);
    }

    private RecordingTimeline(List<Piece> pieces, boolean unused) {
        this.segments = pieces.stream().sorted(Comparator.comparing(Piece::start)).toList();
    }

    /// Pieces from anywhere (an RTSP replay, an NVR's recordings), in any order.
    public static RecordingTimeline of(List<Piece> pieces) {
        return new RecordingTimeline(pieces, true);
    }

    public List<Piece> pieces() {
        return segments;
    }

    public boolean isEmpty() {
        return segments.isEmpty();
    }

    public Instant start() {
        return segments.getFirst().start();
    }

    public Instant end() {
        return segments.getLast().end();
    }

    /// The segment showing `at` and the offset into it; in a gap, the start of the next segment
    /// (playback skips gaps); empty after the end.
    public Optional<Position> locate(Instant at) {
        for (Piece segment : segments) {
            if (at.isBefore(segment.start())) {
                return Optional.of(new Position(segment, Duration.ZERO));
            }
            if (at.isBefore(segment.end())) {
                return Optional.of(new Position(segment, Duration.between(segment.start(), at)));
            }
        }
        return Optional.empty();
    }

    public Optional<Piece> after(Piece segment) {
        int index = segments.indexOf(segment);
        return index >= 0 && index + 1 < segments.size() ? Optional.of(segments.get(index + 1)) : Optional.empty();
    }

    /// The continuous recorded spans, in order; what lies between them are gaps.
    public List<Span> spans() {
        List<Span> spans = new ArrayList<>();
        for (Piece segment : segments) {
            if (!spans.isEmpty() && !segment.start().isAfter(spans.getLast().end().plus(JOIN))) {
                Span last = spans.removeLast();
                spans.add(new Span(last.start(), segment.end().isAfter(last.end()) ? segment.end() : last.end()));
            } else {
                spans.add(new Span(segment.start(), segment.end()));
            }
        }
        return spans;
    }

    /// A stretch of recording read from one source, `[start, end)` in recording time.
    public record Piece(Instant start, Instant end, MediaSource source) {
    }

    /// A place in the recording: a piece and how far into it.
    public record Position(Piece segment, Duration offset) {

        public Instant instant() {
            return segment.start().plus(offset);
        }
    }

    /// A stretch of time with recording, `[start, end)`.
    public record Span(Instant start, Instant end) {
    }
}
