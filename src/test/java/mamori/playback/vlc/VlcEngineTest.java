package mamori.playback.vlc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import mamori.media.FrameCodedClip;
import mamori.playback.DecodedFrame;
import mamori.playback.FfmpegEngine;
import mamori.playback.FrameOverlay;
import mamori.playback.FrameSink;
import mamori.playback.FrameSize;
import mamori.playback.MediaSource;
import mamori.playback.PlaybackException;
import mamori.playback.Player;
import mamori.playback.PlayerListener;
import mamori.playback.RecordingTimeline;
import mamori.playback.VideoDecoder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/// The libVLC engine with the real libVLC on clips whose every frame carries its index in the
/// picture, read back from what reached the buffers. Skipped, saying why, only where libVLC is not
/// installed (CI installs it).
@Tag("media")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VlcEngineTest {

    private static final int FPS = 30;
    private static final int FRAMES = 300;
    private static final Instant T0 = Instant.parse("2026-11-23T01:00:00Z");
    private static final FrameSize SIZE = new FrameSize(320, 180);

    @TempDir
    static Path clips;
    private static Path clip;
    private static VlcEngine engine;

    @BeforeAll
    static void makeClipAndFindLibVlc() throws Exception {
        engine = VlcEngine.discover(new FfmpegEngine(2)).orElse(null);
        assumeTrue(engine != null, "libVLC is not installed here (apt-get install vlc-bin vlc-plugin-base): the vlc engine is not tested");
        clip = FrameCodedClip.write(clips.resolve("coded.mp4"), 640, 360, FPS, FRAMES, FPS);
    }

    @AfterAll
    static void release() {
        if (engine != null) {
            engine.close();
        }
    }

    private static int index(DecodedFrame frame) {
        OptionalInt index = FrameCodedClip.readIndex(frame.pixels(), frame.width(), frame.height(), frame.stride());
        return index.orElse(-1);
    }

    @Test
    void framesArriveInOrderAtTheSizeAskedWithTheirTimesAndOpaque() throws Exception {
        assertEquals(new FrameSize(640, 360), engine.probe(new MediaSource.LocalFile(clip)));
        ByteBuffer buffer = ByteBuffer.allocateDirect(SIZE.bytesBgra());
        try (VideoDecoder decoder = engine.open(new MediaSource.LocalFile(clip), SIZE)) {
            assertEquals(FPS, decoder.frameRate());
            assertEquals(10_000, decoder.length().toMillis(), 100);
            for (int i = 0; i < 60; i++) {
                DecodedFrame frame = decoder.next(buffer).orElseThrow();
                assertEquals(SIZE.width(), frame.width());
                assertEquals(SIZE.height(), frame.height());
                assertEquals(i, index(frame), "frame " + i);
                assertEquals(Duration.ofNanos(i * 1_000_000_000L / FPS), frame.offset());
                assertEquals((byte) 0xff, frame.pixels().get(3), "opaque (premultiplied BGRA)");
            }
        }
    }

    @Test
    void aSeekLandsWithinTwoFramesOfTheFrameAskedAndPlayingGoesOnInOrder() throws Exception {
        ByteBuffer buffer = ByteBuffer.allocateDirect(SIZE.bytesBgra());
        List<Integer> misses = new ArrayList<>();
        int unreadable = 0;
        try (VideoDecoder decoder = engine.open(new MediaSource.LocalFile(clip), SIZE)) {
            for (int frame : new int[] {137, 0, 60, 59, 61, 269, 31, 1, 2, 150, 151, 152}) {
                decoder.seekExact(Duration.ofNanos(frame * 1_000_000_000L / FPS + 10_000_000L));
                DecodedFrame shown = decoder.next(buffer).orElseThrow();
                assertEquals(Duration.ofNanos(frame * 1_000_000_000L / FPS), shown.offset(), "the time of the frame asked");
                int first = index(shown);
                misses.add(first - frame);
                assertTrue(Math.abs(first - frame) <= 2, "first frame after seeking to " + frame + ": " + first);
                int previous = first;
                List<Integer> seen = new ArrayList<>(List.of(first));
                for (int i = 1; i <= 10; i++) {
                    DecodedFrame next = decoder.next(buffer).orElseThrow();
                    int index = index(next);
                    seen.add(index);
                    if (index < 0) {
                        unreadable++;
                        continue;
                    }
                    assertTrue(index > previous, "in order after seeking to " + frame + ": " + previous + " then " + index);
                    assertTrue(Math.abs(index - (frame + i)) <= 2, "frame " + (frame + i) + " showed " + index);
                    previous = index;
                }
            }
        }
        // Once in a few runs on this loaded 2-core machine one picture's code did not read back
        // (a blend of two frames): counted, not hidden.
        assertTrue(unreadable <= 1, unreadable + " frames whose index could not be read");
        System.out.println("VlcEngineTest: first frame after a seek, minus the frame asked: " + misses + "; unreadable: " + unreadable);
    }

    @Test
    void theEndOfTheFileIsAnEmptyFrameNotAHang() throws Exception {
        ByteBuffer buffer = ByteBuffer.allocateDirect(SIZE.bytesBgra());
        try (VideoDecoder decoder = engine.open(new MediaSource.LocalFile(clip), SIZE)) {
            decoder.seekExact(Duration.ofNanos(290 * 1_000_000_000L / FPS + 10_000_000L));
            List<Integer> last = new ArrayList<>();
            Optional<DecodedFrame> frame;
            while ((frame = decoder.next(buffer)).isPresent()) {
                last.add(index(frame.get()));
            }
            assertEquals(299, last.getLast(), "the last frame: " + last);
            assertTrue(last.size() >= 8 && last.size() <= 12, "about ten frames to the end: " + last);
            for (int i = 1; i < last.size(); i++) {
                assertTrue(last.get(i) > last.get(i - 1), "in order: " + last);
            }
        }
    }

    @Test
    void thePlayerPacesLibVlcFromAQuarterToSixteenTimes() throws Exception {
        for (double rate : new double[] {16, 0.25}) {
            IndexSink sink = new IndexSink();
            Listener listener = new Listener();
            RecordingTimeline timeline = RecordingTimeline.of(List.of(new RecordingTimeline.Piece(T0,
                    T0.plusMillis(FRAMES * 1000L / FPS), new MediaSource.LocalFile(clip))));
            int frames = rate > 1 ? 240 : 6;
            long started;
            try (Player player = new Player(engine, timeline, SIZE, FrameOverlay.NONE, sink, listener, System::nanoTime)) {
                player.setRate(rate);
                player.seek(T0, true);
                await(() -> sink.indexes.size() >= 1 || !listener.failed.isEmpty(), "first frame");
                started = System.nanoTime();
                player.play();
                await(() -> sink.indexes.size() >= frames + 1 || !listener.failed.isEmpty(), frames + " frames at " + rate + "x");
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            assertTrue(listener.failed.isEmpty(), () -> "failed: " + listener.failed);
            List<Integer> shown = sink.indexes.subList(0, frames + 1);
            for (int i = 0; i < shown.size(); i++) {
                assertEquals(i, shown.get(i), "every frame in order at " + rate + "x: " + shown);
            }
            double expected = frames / (FPS * rate);
            // Not libVLC's clock: at 16x the frames come far faster than at 1x (this shared 2-core
            // machine cannot always keep 480 frames/s), at 0.25x no faster than paced.
            double atOneTimes = frames / (double) FPS;
            double upper = rate > 1 ? Math.min(atOneTimes / 2, expected * 4 + 0.3) : expected * 1.6 + 0.3;
            assertTrue(seconds > expected * 0.8 && seconds < upper,
                    rate + "x: " + frames + " frames in " + seconds + " s, expected about " + expected);
        }
    }

    @Test
    void aDamagedFileIsAClearErrorWithinTheTimeout() throws Exception {
        Path truncated = clips.resolve("truncated.mp4");
        byte[] whole = Files.readAllBytes(clip);
        Files.write(truncated, java.util.Arrays.copyOf(whole, whole.length / 3));
        Path garbage = clips.resolve("garbage.mp4");
        byte[] noise = new byte[200_000];
        new java.util.Random(7).nextBytes(noise);
        Files.write(garbage, noise);
        for (Path damaged : List.of(truncated, garbage, clips.resolve("missing.mp4"))) {
            long start = System.nanoTime();
            PlaybackException failure = assertThrows(PlaybackException.class, () -> {
                try (VideoDecoder decoder = engine.open(new MediaSource.LocalFile(damaged), SIZE)) {
                    ByteBuffer buffer = ByteBuffer.allocateDirect(SIZE.bytesBgra());
                    for (int i = 0; i < FRAMES + 1; i++) {
                        if (decoder.next(buffer).isEmpty()) {
                            throw new AssertionError(damaged.getFileName() + " ended normally after " + i + " frames");
                        }
                    }
                }
            }, damaged.getFileName().toString());
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < 12, damaged.getFileName() + " took " + seconds + " s");
            assertTrue(failure.getMessage().contains(damaged.getFileName().toString()), failure.getMessage());
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(5);
        }
    }

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
            indexes.add(index(frame));
        }

        @Override
        public void giveBack(ByteBuffer buffer) {
        }
    }

    private static final class Listener implements PlayerListener {
        final List<PlaybackException> failed = new CopyOnWriteArrayList<>();

        @Override
        public void shown(Instant recorded) {
        }

        @Override
        public void ended() {
        }

        @Override
        public void failed(PlaybackException failure) {
            failed.add(failure);
        }
    }
}
