package mamori.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mamori.media.RtspExchange.InterleavedPacket;
import mamori.media.RtspExchange.ReplayExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/// ONVIF replay (ONVIF Streaming Specification, section 6) spoken by hand over one socket, since
/// FFmpeg cannot send `Require: onvif-replay`: the server must start at the key frame at or before
/// the clock time asked for, name the range it plays, and stamp every frame with its recording
/// time in the 0xABAC header extension.
@Tag("media")
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OnvifReplayTest {

    private static final int FPS = 30;
    private static final int SECONDS = 12;
    private static final Instant RECORDING_START = Instant.parse("2026-11-23T05:07:10Z");
    private static final Map<String, String> REPLAY = Map.of("Require", "onvif-replay");

    @TempDir
    static Path clips;

    @BeforeAll
    static void writeClip() throws Exception {
        // Key frames every 2 s: at 05:07:10, :12, :14, :16, :18, :20.
        FrameCodedClip.write(clips.resolve("cam1.mp4"), 320, 180, FPS, SECONDS * FPS, 2 * FPS);
    }

    @Test
    void aClockRangePlaysFromTheKeyFrameBeforeItWithEveryFrameStampedWithItsRecordingTime() throws Exception {
        try (RtspTestServer server = RtspTestServer.startOnvifReplay(clips, RECORDING_START);
                RtspExchange rtsp = new RtspExchange(server.port(), Duration.ofSeconds(10))) {
            String uri = server.uri("cam1");
            assertEquals(200, rtsp.request("OPTIONS", uri, Map.of()).status());
            RtspExchange.Reply describe = rtsp.request("DESCRIBE", uri, with(REPLAY, "Accept", "application/sdp"));
            assertEquals(200, describe.status(), describe.toString());
            String track = trackUri(describe);
            RtspExchange.Reply setup = rtsp.request("SETUP", track, with(REPLAY, "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1"));
            assertEquals(200, setup.status(), setup.toString());
            String session = setup.header("Session").split(";")[0];

            // Rate-Control: no lets the server send as fast as it can, so the test need not wait.
            Map<String, String> play = with(REPLAY, "Session", session);
            play.put("Range", "clock=20261123T050717Z-");
            play.put("Rate-Control", "no");
            RtspExchange.Reply reply = rtsp.request("PLAY", uri, play);
            int playCSeq = rtsp.lastCSeq();

            assertEquals(200, reply.status(), reply.toString());
            assertEquals("clock=20261123T050716Z-20261123T050722Z", reply.header("Range"),
                    "from the key frame before 05:07:17 to the end of the recording");
            List<ReplayExtension> frames = framesUntilTerminal(rtsp);

            assertEquals(6 * FPS, frames.size(), "every frame from 05:07:16 to the end");
            for (int i = 0; i < frames.size(); i++) {
                ReplayExtension frame = frames.get(i);
                Instant expected = RECORDING_START.plusNanos((6 * FPS + i) * 1_000_000_000L / FPS);
                assertTrue(Math.abs(Duration.between(expected, frame.time()).toNanos()) < 1_000_000,
                        "frame " + i + " stamped " + frame.time() + ", expected " + expected);
                assertEquals(i % (2 * FPS) == 0, frame.cleanPoint(), "C (key frame) flag of frame " + i);
                assertEquals(i == 0, frame.discontinuity(), "D flag only on the first frame after the seek, frame " + i);
                assertEquals(i == frames.size() - 1, frame.terminal(), "T flag only at the end, frame " + i);
                assertEquals(playCSeq & 0xFF, frame.cseq(), "CSeq of the PLAY it answers");
            }
            assertTrue(frames.getLast().endOfSection(), "E flag: last frame of the recording");
        }
    }

    @Test
    void aServerWithoutReplaySupportRefusesTheRequirement() throws Exception {
        try (RtspTestServer server = RtspTestServer.start(clips);
                RtspExchange rtsp = new RtspExchange(server.port(), Duration.ofSeconds(10))) {
            RtspExchange.Reply describe = rtsp.request("DESCRIBE", server.uri("cam1"), with(REPLAY, "Accept", "application/sdp"));

            assertEquals(551, describe.status(), "Option not supported");
            assertEquals("onvif-replay", describe.header("Unsupported"));
        }
    }

    /// The replay extension of each frame's first packet, where ONVIF requires one (later packets
    /// of a frame may carry one too). Stops after the packet with the T (terminal) flag.
    private static List<ReplayExtension> framesUntilTerminal(RtspExchange rtsp) throws Exception {
        List<ReplayExtension> frames = new ArrayList<>();
        Integer frameTimestamp = null;
        for (int packets = 0; packets < 10_000; packets++) {
            InterleavedPacket packet = rtsp.nextPacket();
            if (!packet.isRtp()) {
                continue;
            }
            Optional<ReplayExtension> extension = packet.replayExtension();
            if (frameTimestamp == null || packet.rtpTimestamp() != frameTimestamp) {
                frameTimestamp = packet.rtpTimestamp();
                frames.add(extension.orElseThrow(() -> new AssertionError("first packet of a frame without the 0xABAC extension")));
            } else if (extension.isPresent()) {
                assertFalse(extension.get().cleanPoint() || extension.get().discontinuity(), "C and D only on a frame's first packet");
                if (extension.get().terminal()) {
                    frames.set(frames.size() - 1, extension.get());
                }
            }
            if (extension.isPresent() && extension.get().terminal()) {
                return frames;
            }
        }
        throw new AssertionError("no packet with the T flag among 10,000");
    }

    private static String trackUri(RtspExchange.Reply describe) {
        Matcher control = Pattern.compile("m=video[\\s\\S]*?a=control:(\\S+)").matcher(describe.body());
        assertTrue(control.find(), describe.body());
        String base = describe.header("Content-Base");
        return control.group(1).startsWith("rtsp://") ? control.group(1) : base + (base.endsWith("/") ? "" : "/") + control.group(1);
    }

    private static Map<String, String> with(Map<String, String> headers, String name, String value) {
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.put(name, value);
        return all;
    }
}
