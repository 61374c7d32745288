package mamori.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import mamori.recording.RecordingSegment;
import org.junit.jupiter.api.Test;

class RecordingTimelineTest {

    private static final Instant T0 = Instant.parse("2026-11-23T01:00:00Z");

    private static RecordingSegment segment(int fromMinute, int toMinute) {
        return new RecordingSegment("cam", T0.plus(Duration.ofMinutes(fromMinute)), T0.plus(Duration.ofMinutes(toMinute)),
                Path.of("seg" + fromMinute + ".mp4"), "mp4", "h264", 320, 180, 5, 1);
    }

    // Two back-to-back files, a gap from 20 to 30, one more file.
    private final RecordingTimeline timeline = new RecordingTimeline(List.of(segment(30, 40), segment(0, 10), segment(10, 20)));

    @Test
    void backToBackFilesAreOneSpanAndTheGapSeparatesTheNext() {
        assertEquals(List.of(new RecordingTimeline.Span(T0, T0.plus(Duration.ofMinutes(20))),
                new RecordingTimeline.Span(T0.plus(Duration.ofMinutes(30)), T0.plus(Duration.ofMinutes(40)))), timeline.spans());
    }

    @Test
    void anInstantIsFoundInItsFileWithTheOffset() {
        var position = timeline.locate(T0.plus(Duration.ofMinutes(12)).plusSeconds(5)).orElseThrow();
        assertEquals(T0.plus(Duration.ofMinutes(10)), position.segment().start());
        assertEquals(Duration.ofMinutes(2).plusSeconds(5), position.offset());
    }

    @Test
    void anInstantInAGapMovesToTheNextRecordingAndAfterTheEndThereIsNothing() {
        var position = timeline.locate(T0.plus(Duration.ofMinutes(25))).orElseThrow();
        assertEquals(T0.plus(Duration.ofMinutes(30)), position.instant());
        assertTrue(timeline.locate(T0.plus(Duration.ofMinutes(40))).isEmpty(), "end is exclusive");
        assertTrue(timeline.after(position.segment()).isEmpty(), "the last file has no successor");
        var first = timeline.locate(T0).orElseThrow().segment();
        assertEquals(T0.plus(Duration.ofMinutes(10)), timeline.after(first).orElseThrow().start());
    }
}
