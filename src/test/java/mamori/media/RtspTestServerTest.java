package mamori.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/// A real RTSP exchange: GStreamer's RTSP server in a child process, FFmpeg (javacv) as the
/// client, over TCP interleaving as the kiosk uses it. Every frame is identified by the index
/// drawn into it, so "the right frame" means the right picture, not just the right timestamp.
@Tag("media")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RtspTestServerTest {

    private static final int FPS = 30;
    /// Key frames every 2 s: a seek to 7 s must decode forward from the key frame at 6 s.
    private static final int GOP = 2 * FPS;
    private static final long FRAME_MICROS = 1_000_000L / FPS;
    private static final long IO_TIMEOUT_MILLIS = 1_000;

    @TempDir
    static Path clips;

    @BeforeAll
    static void writeClip() throws Exception {
        FrameCodedClip.write(clips.resolve("cam1.mp4"), 320, 180, FPS, 12 * FPS, GOP);
    }

    @Test
    void playsFromTheFirstFrameWithTimestampsMatchingTheFrames() throws Exception {
        try (RtspTestServer server = RtspTestServer.start(clips); FFmpegFrameGrabber grabber = grabber(server.uri("cam1"))) {
            grabber.start();
            assertEquals("h264", grabber.getVideoCodecName());
            for (int expected = 0; expected < 45; expected++) {
                Frame frame = grabber.grabImage();
                assertEquals(OptionalInt.of(expected), FrameCodedClip.readIndex(frame));
                assertTimestampOfFrame(expected, frame.timestamp);
            }
        }
    }

    /// GStreamer's server answers a PLAY without Seek-Style with a key-unit seek: it sends from
    /// the key frame before the requested time (6 s for 7 s), at 1x, and javacv's frame-exact seek
    /// decodes forward and drops the frames before the target. The 90 kHz RTP clock truncates
    /// frame times (frame 210 arrives stamped 6.999989 s), so a seek aims half a frame early.
    @Test
    void aSeekInsideAGopShowsTheRequestedFrameFirst() throws Exception {
        try (RtspTestServer server = RtspTestServer.start(clips); FFmpegFrameGrabber grabber = grabber(server.uri("cam1"))) {
            grabber.start();
            grabber.grabImage();

            for (int target : new int[] {7 * FPS, 3 * FPS, 10 * FPS - 1}) {
                grabber.setTimestamp(micros(target) - FRAME_MICROS / 2, true);
                Frame frame = grabber.grabImage();
                assertEquals(OptionalInt.of(target), FrameCodedClip.readIndex(frame), "first frame after seeking to frame " + target);
                assertTimestampOfFrame(target, frame.timestamp);
                assertEquals(OptionalInt.of(target + 1), FrameCodedClip.readIndex(grabber.grabImage()), "then plays on");
            }
        }
    }

    /// FFmpeg delivers the first frame of every PLAY without a timestamp, so when the server
    /// starts at exactly the target (a key frame) javacv cannot recognise it and shows the next
    /// frame. Seeking two frames early makes the server start one GOP earlier, where the key frame
    /// arrives stamped; the player then decodes forward itself (costs up to one GOP at 1x).
    @Test
    void aKeyFrameIsReachedBySeekingJustBeforeIt() throws Exception {
        try (RtspTestServer server = RtspTestServer.start(clips); FFmpegFrameGrabber grabber = grabber(server.uri("cam1"))) {
            grabber.start();
            grabber.grabImage();

            for (int target : new int[] {8 * FPS, 2 * FPS}) {
                grabber.setTimestamp(micros(target) - 2 * FRAME_MICROS, true);
                Frame frame = grabber.grabImage();
                int decodedForward = 0;
                while (frame.timestamp < micros(target) - FRAME_MICROS / 2 && decodedForward++ < 3) {
                    frame = grabber.grabImage();
                }
                assertEquals(OptionalInt.of(target), FrameCodedClip.readIndex(frame), "key frame " + target);
                assertTimestampOfFrame(target, frame.timestamp);
            }
        }
    }

    @Test
    void theRightPasswordPlaysAndAWrongOneIsRefusedAsUnauthorized() throws Exception {
        try (RtspTestServer server = RtspTestServer.startWithCredentials(clips, "viewer", "s3cret")) {
            try (FFmpegFrameGrabber grabber = grabber(server.uri("cam1", "viewer", "s3cret"))) {
                grabber.start();
                assertEquals(OptionalInt.of(0), FrameCodedClip.readIndex(grabber.grabImage()));
            }
            for (String uri : List.of(server.uri("cam1", "viewer", "wrong"), server.uri("cam1"))) {
                try (FFmpegFrameGrabber grabber = grabber(uri)) {
                    FrameGrabber.Exception refused = assertThrows(FrameGrabber.Exception.class, grabber::start, uri);
                    // javacv reports FFmpeg's error code, AVERROR_HTTP_UNAUTHORIZED, not its text.
                    assertTrue(refused.getMessage().contains("error " + avutil.AVERROR_HTTP_UNAUTHORIZED()),
                            "401 expected: " + refused.getMessage());
                }
            }
        }
    }

    /// A dead server's sockets are closed by the kernel: the client sees the end at once, inside
    /// the I/O timeout. javacv reports it as the end of the stream (null), like the end of the
    /// recording: a player must compare with the clip's length to tell the two apart.
    @Test
    void aKilledServerEndsPlaybackPromptly() throws Exception {
        try (RtspTestServer server = RtspTestServer.start(clips); FFmpegFrameGrabber grabber = grabber(server.uri("cam1"))) {
            grabber.start();
            assertEquals(OptionalInt.of(0), FrameCodedClip.readIndex(grabber.grabImage()));

            server.kill();
            long killed = System.nanoTime();
            Ending ending = playUntilTheEnd(grabber);

            Duration took = Duration.ofNanos(System.nanoTime() - killed);
            assertTrue(took.toMillis() < IO_TIMEOUT_MILLIS, "ended after " + took.toMillis() + " ms by " + ending);
            assertTrue(ending.framesAfter() < 2 * FPS, "at most the frames already in flight: " + ending);
            assertTrue(ending.byNull(), "javacv ends a lost stream like a finished one: " + ending);
        }
    }

    /// A server that stops answering keeps the connection open: only FFmpeg's I/O timeout ends
    /// the wait (without the `timeout` option this grab blocks for good). Every grab that has to
    /// read waits one timeout, and the decoder hands out the frames it holds one per grab, so
    /// the end comes after (decoder delay + 1) timeouts: 2 with one decoding thread here, 4 with
    /// two (frame threading holds two more frames).
    @Test
    void aStalledServerEndsPlaybackAfterTheIoTimeout() throws Exception {
        try (RtspTestServer server = RtspTestServer.start(clips); FFmpegFrameGrabber grabber = grabber(server.uri("cam1"))) {
            grabber.start();
            assertEquals(OptionalInt.of(0), FrameCodedClip.readIndex(grabber.grabImage()));

            server.stall();
            long stalled = System.nanoTime();
            Ending ending = playUntilTheEnd(grabber);

            long millis = Duration.ofNanos(System.nanoTime() - stalled).toMillis();
            assertTrue(millis >= IO_TIMEOUT_MILLIS && millis < 4 * IO_TIMEOUT_MILLIS,
                    "ended after " + millis + " ms (timeout " + IO_TIMEOUT_MILLIS + " ms) by " + ending);
            assertTrue(ending.byNull(), "a timeout too ends like the end of the stream: " + ending);
        }
    }

    @Test
    void aStallShorterThanTheIoTimeoutOnlyDelaysTheFrames() throws Exception {
        try (RtspTestServer server = RtspTestServer.start(clips); FFmpegFrameGrabber grabber = grabber(server.uri("cam1"))) {
            grabber.start();
            assertEquals(OptionalInt.of(0), FrameCodedClip.readIndex(grabber.grabImage()));

            server.stall();
            Thread resumer = Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(IO_TIMEOUT_MILLIS * 6 / 10);
                    server.resume();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            long longestWait = 0;
            for (int expected = 1; expected <= 3 * FPS; expected++) {
                long asked = System.nanoTime();
                Frame frame = grabber.grabImage();
                longestWait = Math.max(longestWait, System.nanoTime() - asked);
                assertEquals(OptionalInt.of(expected), FrameCodedClip.readIndex(frame), "no frame lost or repeated");
            }
            resumer.join();
            // The frames already received play out at once; then the client waits out the stall.
            assertTrue(longestWait > IO_TIMEOUT_MILLIS * 1_000_000 / 4, "the stall was felt: longest wait " + longestWait / 1_000_000 + " ms");
        }
    }

    @Test
    void aServerThatCannotStartSaysWhy(@TempDir Path empty) {
        IOException failed = assertThrows(IOException.class, () -> RtspTestServer.start(empty).close());
        assertTrue(failed.getMessage().contains("no .mp4 files in " + empty), failed.getMessage());
    }

    private static FFmpegFrameGrabber grabber(String uri) {
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(uri);
        grabber.setOption("rtsp_transport", "tcp");
        // Microseconds; RTSP over TCP reads media from the control connection, so it covers both.
        grabber.setOption("timeout", Long.toString(IO_TIMEOUT_MILLIS * 1_000));
        // One decoding thread: no frame-threading delay, so the end after a stall is predictable.
        grabber.setVideoOption("threads", "1");
        grabber.setPixelFormat(avutil.AV_PIX_FMT_BGRA);
        return grabber;
    }

    private static long micros(int frameIndex) {
        return frameIndex * 1_000_000L / FPS;
    }

    private static void assertTimestampOfFrame(int index, long timestampMicros) {
        long expected = micros(index);
        assertTrue(Math.abs(timestampMicros - expected) < 1_000, "frame " + index + " stamped " + timestampMicros + " us");
    }

    /// How playback ended: `grab` returned null (`exception` is null) or threw.
    private record Ending(int framesAfter, String exception) {

        boolean byNull() {
            return exception == null;
        }
    }

    private static Ending playUntilTheEnd(FFmpegFrameGrabber grabber) {
        List<Integer> after = new ArrayList<>();
        try {
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                after.add(FrameCodedClip.readIndex(frame).orElse(-1));
                if (after.size() > 12 * FPS) {
                    fail("still playing: " + after.size() + " frames after the server went away");
                }
            }
            return new Ending(after.size(), null);
        } catch (FrameGrabber.Exception e) {
            return new Ending(after.size(), e.getMessage());
        }
    }
}
