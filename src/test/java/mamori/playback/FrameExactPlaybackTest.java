package mamori.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import mamori.media.FrameCodedClip;
import mamori.media.RtspTestServer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/// The player lands on the exact frame, from a file and from a real RTSP server (GStreamer's,
/// started here on 127.0.0.1): every frame of the clip carries its own index in the picture,
/// read back from what reached the sink. Faults: a wrong password, a server that dies mid-play.
@Tag("media")
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class FrameExactPlaybackTest {

    private static final int FPS = 30;
    private static final int FRAMES = 300;
    private static final Instant T0 = Instant.parse("2026-11-23T01:00:00Z");
    private static final FrameSize SIZE = new FrameSize(320, 180);

    @TempDir
    static Path clips;
    private static Path clip;

    @BeforeAll
    static void makeClip() throws Exception {
        clip = FrameCodedClip.write(clips.resolve("coded.mp4"), 320, 180, FPS, FRAMES, FPS);
    }

    /// Reads each shown frame's index, like a person reading the frame counter off the screen.
    private static final class IndexSink implements FrameSink {
        final List<Integer> indexes = new CopyOnWriteArrayList<>();
        private final ByteBuffer[] buffers = {ByteBuffer.allocateDirect(SIZE.bytesBgra()), ByteBuffer.allocateDirect(SIZE.bytesBgra())};
        private int next;

        @Override
        public synchronized Optional<ByteBuffer> lend(Duration wait) {
            return Optional.of(buffers[next++ % 2]);
        }

        @Override
        public void show(DecodedFrame frame) {
            OptionalInt index = FrameCodedClip.readIndex(frame.pixels(), frame.width(), frame.height(), frame.stride());
            indexes.add(index.orElse(-1));
        }

        @Override
        public void giveBack(ByteBuffer buffer) {
        }
    }

    private static final class Failures implements PlayerListener {
        final List<PlaybackException> failed = new CopyOnWriteArrayList<>();
        volatile boolean ended;

        @Override
        public void shown(Instant recorded) {
        }

        @Override
        public void ended() {
            ended = true;
        }

        @Override
        public void failed(PlaybackException failure) {
            failed.add(failure);
        }
    }

    private static Player player(MediaSource source, IndexSink sink, Failures failures) {
        RecordingTimeline timeline = RecordingTimeline.of(List.of(new RecordingTimeline.Piece(T0,
                T0.plusMillis(FRAMES * 1000L / FPS), source)));
        return new Player(new FfmpegEngine(2), timeline, SIZE, FrameOverlay.NONE, sink, failures, System::nanoTime);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }

    /// Seeks to each frame and returns the index shown after each seek.
    private static void assertSeeksLand(MediaSource source, int... frames) throws Exception {
        IndexSink sink = new IndexSink();
        Failures failures = new Failures();
        try (Player player = player(source, sink, failures)) {
            for (int frame : frames) {
                int before = sink.indexes.size();
                // Aim anywhere inside the frame's time: the frame showing then is the one expected.
                player.seek(T0.plusNanos(frame * 1_000_000_000L / FPS + 10_000_000L), true);
                await(() -> sink.indexes.size() > before || !failures.failed.isEmpty(), "frame after seek to " + frame);
                assertTrue(failures.failed.isEmpty(), () -> "failed: " + failures.failed);
                assertEquals(frame, sink.indexes.get(before), "frame shown after seeking to frame " + frame);
            }
            player.step(1);
            int steps = sink.indexes.size();
            await(() -> sink.indexes.size() > steps - 1 && sink.indexes.getLast() == frames[frames.length - 1] + 1, "one step");
        }
    }

    @Test
    void seeksInAFileLandOnTheExactFrameIncludingKeyFramesAndTheFramesJustBeforeThem() throws Exception {
        assertSeeksLand(new MediaSource.LocalFile(clip), 137, 0, 60, 59, 61, 299 - 30, 7 * FPS, 31);
    }

    @Test
    void seeksOverRtspLandOnTheExactFrame() throws Exception {
        try (RtspTestServer server = RtspTestServer.start(clips)) {
            assertSeeksLand(new MediaSource.Rtsp(URI.create(server.uri("coded")), Optional.empty()), 137, 60, 59, 210, 31);
        }
    }

    @Test
    void playbackOverRtspShowsEveryFrameInOrder() throws Exception {
        try (RtspTestServer server = RtspTestServer.start(clips)) {
            IndexSink sink = new IndexSink();
            Failures failures = new Failures();
            try (Player player = player(new MediaSource.Rtsp(URI.create(server.uri("coded")), Optional.empty()), sink, failures)) {
                player.setRate(4);
                player.seek(T0, true);
                player.play();
                await(() -> sink.indexes.size() >= 90 || !failures.failed.isEmpty(), "90 frames");
            }
            assertTrue(failures.failed.isEmpty(), () -> "failed: " + failures.failed);
            List<Integer> shown = sink.indexes.subList(0, 90);
            for (int i = 1; i < shown.size(); i++) {
                assertTrue(shown.get(i) > shown.get(i - 1), "in order: " + shown);
            }
            assertEquals(0, shown.getFirst());
        }
    }

    @Test
    void aWrongPasswordIsSaidPlainlyAndThePasswordAppearsNowhere() throws Exception {
        try (RtspTestServer server = RtspTestServer.startWithCredentials(clips, "viewer", "right-pw")) {
            MediaSource wrong = new MediaSource.Rtsp(URI.create(server.uri("coded")),
                    Optional.of(new MediaSource.Credentials("viewer", "s3cret-wrong".toCharArray())));
            PlaybackException refused = assertThrows(PlaybackException.class, () -> new FfmpegEngine(2).open(wrong, SIZE));
            assertEquals(PlaybackException.Kind.NOT_AUTHORIZED, refused.kind(), refused.getMessage());
            for (Throwable t = refused; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains("s3cret-wrong"), "password in " + t.getMessage());
            }
            MediaSource right = new MediaSource.Rtsp(URI.create(server.uri("coded")),
                    Optional.of(new MediaSource.Credentials("viewer", "right-pw".toCharArray())));
            try (VideoDecoder decoder = new FfmpegEngine(2).open(right, SIZE)) {
                assertTrue(decoder.next(ByteBuffer.allocateDirect(SIZE.bytesBgra())).isPresent(), "the right password plays");
            }
        }
    }

    @Test
    void aServerThatDiesMidPlayIsRetriedThenReportedWithoutHanging() throws Exception {
        RtspTestServer server = RtspTestServer.start(clips);
        IndexSink sink = new IndexSink();
        Failures failures = new Failures();
        try (Player player = player(new MediaSource.Rtsp(URI.create(server.uri("coded")), Optional.empty()), sink, failures)) {
            player.seek(T0, true);
            player.play();
            await(() -> sink.indexes.size() >= 10, "playing");
            server.kill();
            long killed = System.nanoTime();
            await(() -> !failures.failed.isEmpty(), "the failure report");
            double seconds = (System.nanoTime() - killed) / 1e9;
            assertEquals(PlaybackException.Kind.CONNECTION_LOST, failures.failed.getFirst().kind());
            assertTrue(seconds > 3 && seconds < 15, "three tries with back-off, then the report: " + seconds + " s");
            assertFalse(failures.ended, "a dead server is not the end of the recording");
        } finally {
            server.close();
        }
    }
}
