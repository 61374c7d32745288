package mamori.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import mamori.recording.RecordingSegment;
import mamori.recording.RecordingStore;
import mamori.store.Database;
import mamori.store.SchemaMigrations;
import mamori.store.Settings;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Real FFmpeg (javacv's bundled LGPL build) encodes and decodes here; nothing is faked.
@Tag("media")
class DemoSeedTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T05:07:30Z"), ZoneOffset.UTC);
    private static final RecordingFormat SMALL = new RecordingFormat(320, 180, 5, 2, 80_000);
    private static final DemoSeed.RecordingPlan PLAN = new DemoSeed.RecordingPlan(Duration.ofSeconds(20), Duration.ofSeconds(10), SMALL);

    @TempDir
    Path dir;
    private Database database;
    private RecordingStore store;
    private DemoSeed seed;

    @BeforeEach
    void setUp() throws Exception {
        database = Database.open(dir.resolve("db"), mamori.TestKeys.fileKey("k"), "u".toCharArray());
        new SchemaMigrations(SchemaMigrations.ALL, CLOCK).migrate(database);
        store = new RecordingStore(database, dir.resolve("recordings"));
        seed = new DemoSeed(database, new Settings(database), store, PLAN, CLOCK, ZoneId.of("Asia/Tokyo"));
    }

    @AfterEach
    void tearDown() {
        database.close();
    }

    @Test
    void makesTimeStampedH264SegmentsForEveryCamera() throws Exception {
        List<Double> progress = new ArrayList<>();
        seed.makeRecordings(progress::add);

        assertTrue(seed.isComplete());
        assertEquals(1.0, progress.getLast());
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i) >= 0 && progress.get(i) <= 1.0, "progress within [0, 1]");
        }
        for (var camera : DemoData.CAMERAS) {
            List<RecordingSegment> segments = store.segments(camera.id());
            assertEquals(2, segments.size(), camera.code());
            // Segments end at the last 10-second boundary before the clock: 05:07:10-05:07:20-05:07:30.
            assertEquals(Instant.parse("2026-11-23T05:07:10Z"), segments.get(0).start());
            assertEquals(segments.get(0).end(), segments.get(1).start());
            assertEquals(Instant.parse("2026-11-23T05:07:30Z"), segments.get(1).end());
            for (RecordingSegment segment : segments) {
                assertTrue(Files.size(segment.file()) > 0);
                assertEquals(camera.code() + "_20261123T" + (segment.start().equals(segments.get(0).start()) ? "050710Z_20261123T050720Z.mp4"
                        : "050720Z_20261123T050730Z.mp4"), segment.file().getFileName().toString());
                assertDecodesAsH264(segment.file(), 50);
            }
        }
    }

    @Test
    void theBurnedInClockChangesEverySecondAndTheMarkerEveryFrame() throws Exception {
        seed.makeRecordings(fraction -> { });
        Path file = store.segments(DemoData.CAMERAS.getFirst().id()).getFirst().file();
        List<byte[]> lumaFrames = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_GRAY8);
            grabber.start();
            for (int i = 0; i < 7; i++) {
                Frame frame = grabber.grabImage();
                ByteBuffer pixels = (ByteBuffer) frame.image[0];
                byte[] copy = new byte[frame.imageStride * frame.imageHeight];
                pixels.get(0, copy);
                lumaFrames.add(copy);
            }
        }
        int width = SMALL.width();
        int clockTop = SMALL.height() - SMALL.height() / 10 - 2 * Math.max(2, SMALL.height() / 60);
        // H.264 is lossy: count pixels that changed clearly, not bytes that differ at all.
        // Frames 0 and 1 lie within one second (same clock); frame 5 starts the next second.
        assertEquals(0, changedPixels(lumaFrames.get(0), lumaFrames.get(1), width * clockTop, width * SMALL.height()),
                "clock region is steady within a second");
        assertTrue(changedPixels(lumaFrames.get(0), lumaFrames.get(5), width * clockTop, width * SMALL.height()) > 20,
                "clock region changes with the second");
        assertTrue(changedPixels(lumaFrames.get(0), lumaFrames.get(1), 0, width * clockTop) > 20, "the marker moves every frame");
    }

    private static int changedPixels(byte[] a, byte[] b, int from, int to) {
        int changed = 0;
        for (int i = from; i < to; i++) {
            if (Math.abs((a[i] & 0xff) - (b[i] & 0xff)) > 60) {
                changed++;
            }
        }
        return changed;
    }

    @Test
    void anInterruptedSeedFinishesOnlyWhatIsMissing() throws Exception {
        seed.makeRecordings(fraction -> { });
        RecordingSegment kept = store.segments("demo-cam-1").getFirst();
        long keptModified = Files.getLastModifiedTime(kept.file()).toMillis();
        database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement()) {
                statement.execute("DELETE FROM recording_segment WHERE camera_id = 'demo-cam-2'");
                statement.execute("DELETE FROM setting WHERE name = 'demo.recordings.complete'");
            }
            return null;
        });
        assertFalse(seed.isComplete());

        new DemoSeed(database, new Settings(database), store, PLAN, CLOCK, ZoneId.of("Asia/Tokyo")).makeRecordings(fraction -> { });

        assertTrue(seed.isComplete());
        assertEquals(2, store.segments("demo-cam-2").size());
        assertEquals(keptModified, Files.getLastModifiedTime(kept.file()).toMillis(), "complete segments are not made again");
        int people = database.inTransaction(connection -> {
            try (Statement statement = connection.createStatement(); var rows = statement.executeQuery("SELECT COUNT(*) FROM person")) {
                rows.next();
                return rows.getInt(1);
            }
        });
        assertEquals(4, people, "people are seeded once");
    }

    private static void assertDecodesAsH264(Path file, int expectedFrames) throws Exception {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            assertEquals("h264", grabber.getVideoCodecName());
            assertEquals(SMALL.width(), grabber.getImageWidth());
            assertEquals(SMALL.height(), grabber.getImageHeight());
            int frames = 0;
            while (grabber.grabImage() != null) {
                frames++;
            }
            assertEquals(expectedFrames, frames);
        }
    }
}
