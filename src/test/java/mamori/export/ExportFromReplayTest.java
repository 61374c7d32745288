package mamori.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import mamori.audit.RecordingRange;
import mamori.media.FrameCodedClip;
import mamori.media.RtspTestServer;
import mamori.playback.FrameSize;
import mamori.playback.MediaSource;
import mamori.playback.RecordingTimeline;
import mamori.playback.ReplayPictures;
import mamori.replay.AccessUnit;
import mamori.replay.ReplayClient;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/// Exports read from an ONVIF recording over our RTSP replay client, against GStreamer's real
/// RTSPOnvifServer: every frame of the clip shows its own index, so the test reads back exactly
/// which recorded frames the export holds, and where.
@Tag("media")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExportFromReplayTest {

    private static final int FPS = 30;
    private static final Instant START = Instant.parse("2026-11-23T05:07:10Z");
    private static final FrameSize SIZE = new FrameSize(320, 180);
    /// The gap clip: frames 0..59 at 0..2 s, then nothing for 1.5 s, then frames 60..89.
    private static final int GAP_AT = 60;
    private static final int GAP_FRAMES = 45;

    @TempDir
    static Path clips;
    @TempDir
    Path exports;

    @BeforeAll
    static void writeClips() throws Exception {
        // Key frames every 2 s: at 05:07:10, :12, :14, ...
        FrameCodedClip.write(clips.resolve("cam1.mp4"), SIZE.width(), SIZE.height(), FPS, 12 * FPS, 2 * FPS);
        FrameCodedClip.writeWithGap(clips.resolve("gap.mp4"), SIZE.width(), SIZE.height(), FPS, 90, 2 * FPS, GAP_AT, GAP_FRAMES);
    }

    private static MediaSource.OnvifReplay replay(RtspTestServer server, String clip, Duration length) {
        return new MediaSource.OnvifReplay(URI.create(server.uri(clip)), Optional.empty(), START, START.plus(length));
    }

    private static RecordingTimeline timeline(MediaSource.OnvifReplay replay) {
        return RecordingTimeline.of(List.of(new RecordingTimeline.Piece(replay.start(), replay.end(), replay)));
    }

    private static FootageTranscoder transcoder() {
        return new FootageTranscoder(ExportFixture.LABELS, ExportFixture.ZONE, 1, 2);
    }

    @Test
    void aSpanOfAnOnvifRecordingBecomesAnExportOfExactlyItsFramesWithTheReplayNamedAndHashed() throws Exception {
        try (RtspTestServer server = RtspTestServer.startOnvifReplay(clips, START)) {
            MediaSource.OnvifReplay replay = replay(server, "cam1", Duration.ofSeconds(12));
            // 05:07:13.5 is frame 105, in the group of pictures that starts at 05:07:12 (frame 60).
            ExportOrder order = ExportFixture.order(START.plusMillis(3_500), START.plusSeconds(8), true);
            Path output = exports.resolve("EXP-0001.mp4");

            TranscodedExport export = transcoder().transcode(order, timeline(replay), List.of(), output, value -> { }, () -> false);

            assertEquals(135, export.frames());
            assertEquals(Duration.ofMillis(4_500), export.length());
            assertEquals(new RecordingRange(START.plusMillis(3_500), START.plusSeconds(8)), export.exported());
            assertEquals(List.of(), export.gaps());
            ExportSource source = export.sources().getFirst();
            assertEquals(1, export.sources().size());
            assertEquals(ExportSource.Kind.REPLAY, source.kind());
            assertEquals(server.uri("cam1"), source.name());
            assertEquals(new RecordingRange(START.plusSeconds(2), START.plusSeconds(8)), source.span(),
                    "the units hashed run from the key frame before the span to its end");
            assertEquals(unitsSha256(replay, START.plusMillis(3_500), START.plusSeconds(8)), source.sha256());
            assertFrames(order, output, 135, 105);
        }
    }

    @Test
    void aGapInTheReplayIsSkippedAndNamed() throws Exception {
        try (RtspTestServer server = RtspTestServer.startOnvifReplay(clips, START)) {
            MediaSource.OnvifReplay replay = replay(server, "gap", Duration.ofNanos((90L + GAP_FRAMES) * 1_000_000_000L / FPS));
            ExportOrder order = ExportFixture.order(replay.start(), replay.end(), true);
            Path output = exports.resolve("gap.mp4");

            TranscodedExport export = transcoder().transcode(order, timeline(replay), List.of(), output, value -> { }, () -> false);

            assertEquals(90, export.frames());
            assertEquals(Duration.ofSeconds(3), export.length());
            assertEquals(List.of(new RecordingRange(START.plusSeconds(2), START.plusMillis(3_500))), export.gaps());
            // The frames after the gap follow those before it in the file.
            assertFrames(order, output, 90, 0);
        }
    }

    @Test
    void aRecorderThatIsGoneIsNamedAndNothingIsLeft() throws Exception {
        MediaSource.OnvifReplay replay;
        try (RtspTestServer server = RtspTestServer.startOnvifReplay(clips, START)) {
            replay = replay(server, "cam1", Duration.ofSeconds(12));
            server.kill();
        }
        ExportOrder order = ExportFixture.order(START, START.plusSeconds(12), true);
        ExportException failure = assertThrows(ExportException.class, () -> transcoder().transcode(order, timeline(replay), List.of(),
                exports.resolve("lost.mp4"), value -> { }, () -> false));
        assertTrue(failure.getMessage().startsWith("The recorder stopped answering (ONVIF replay "), failure.getMessage());
        assertTrue(failure.getMessage().endsWith("make the export again once the recorder is back"), failure.getMessage());
        try (Stream<Path> left = Files.list(exports)) {
            assertEquals(List.of(), left.toList(), "no partial file is left");
        }
    }

    @Test
    void aRecorderWhoseConnectionBreaksInTheMiddleOfTheReplayIsNamedAndNothingIsLeft() throws Exception {
        try (RtspTestServer server = RtspTestServer.startOnvifReplay(clips, START);
                // The probe's connection passes whole; the export's is cut after a third of the clip.
                CuttingRelay relay = new CuttingRelay(URI.create(server.uri("cam1")).getPort(), 1,
                        Files.size(clips.resolve("cam1.mp4")) / 3)) {
            MediaSource.OnvifReplay replay = new MediaSource.OnvifReplay(URI.create(relay.uri("cam1")), Optional.empty(), START,
                    START.plusSeconds(12));
            List<Double> progress = new java.util.concurrent.CopyOnWriteArrayList<>();
            ExportException failure = assertThrows(ExportException.class, () -> transcoder().transcode(
                    ExportFixture.order(START, START.plusSeconds(12), true), timeline(replay), List.of(), exports.resolve("cut.mp4"),
                    progress::add, () -> false));
            assertTrue(failure.getMessage().startsWith("The recorder stopped answering (ONVIF replay "), failure.getMessage());
            assertTrue(progress.stream().anyMatch(value -> value > 0.05), "the export was under way: " + progress);
            try (Stream<Path> left = Files.list(exports)) {
                assertEquals(List.of(), left.toList(), "no partial file is left");
            }
        }
    }

    @Test
    void aReplayThatEndsBeforeTheRecordingsReportedEndIsRefused() throws Exception {
        try (RtspTestServer server = RtspTestServer.startOnvifReplay(clips, START)) {
            // The gap clip ends at 05:07:14.5, the recorder says 05:07:22.
            MediaSource.OnvifReplay replay = replay(server, "gap", Duration.ofSeconds(12));
            ExportException refused = assertThrows(ExportException.class, () -> transcoder().transcode(
                    ExportFixture.order(START.plusSeconds(3), START.plusSeconds(10), true), timeline(replay), List.of(),
                    exports.resolve("short.mp4"), value -> { }, () -> false));
            assertTrue(refused.getMessage().startsWith("The recorder's replay " + server.uri("gap") + " ends at 2026-11-23T05:07:14.46"),
                    refused.getMessage());
            assertTrue(refused.getMessage().endsWith(", before 2026-11-23T05:07:20Z (it reported recording up to"
                    + " 2026-11-23T05:07:22Z): the span cannot be exported whole"), refused.getMessage());
            try (Stream<Path> left = Files.list(exports)) {
                assertEquals(List.of(), left.toList(), "no partial file is left");
            }
        }
    }

    @Test
    void aPlainRtspStreamIsRefusedWithAReason() {
        var stream = new MediaSource.Rtsp(URI.create("rtsp://192.0.2.1/live"), Optional.empty());
        RecordingTimeline timeline = RecordingTimeline.of(List.of(new RecordingTimeline.Piece(START, START.plusSeconds(60), stream)));
        ExportException refused = assertThrows(ExportException.class, () -> transcoder().transcode(
                ExportFixture.order(START, START.plusSeconds(10), true), timeline, List.of(), exports.resolve("x.mp4"), value -> { },
                () -> false));
        assertEquals("rtsp://192.0.2.1/live is a plain RTSP stream: exports are made from recorded files and ONVIF replays only",
                refused.getMessage());
    }

    @Test
    void aReplaySourceKeepsItsKindThroughTheSignedManifestsText() {
        ExportSource replay = ExportSource.replay(URI.create("rtsp://viewer:secret@10.0.0.5:554/recording/7?token=abc"),
                new RecordingRange(START, START.plusSeconds(6)), "ab".repeat(32));
        assertEquals("rtsp://10.0.0.5:554/recording/7", replay.name(), "no account and no query in the manifest");
        ExportSource file = ExportSource.file("CAM-01-20261123-0507.mp4", new RecordingRange(START, START.plusSeconds(6)), "cd".repeat(32));
        ExportManifest manifest = new ExportManifest("EXP-0001", "T-TEST", List.of("cam-1"), new RecordingRange(START, START.plusSeconds(6)),
                "警察への提出", "警察署", new ExportManifest.Person("op-1", "鈴木 一郎"), new ExportManifest.Person("sv-1", "高橋 次郎"),
                START.plusSeconds(3_600), false, START.plusSeconds(3_700), List.of(replay, file),
                List.of(new RecordingRange(START.plusSeconds(2), START.plusSeconds(3))),
                new ExportManifest.Video("export.mp4", 1234, "00".repeat(32), "11".repeat(32), 1000, 384), "22".repeat(32), "k1");
        String text = new String(manifest.canonical(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("\"replay\":\"rtsp://10.0.0.5:554/recording/7\""), text);
        assertTrue(text.contains("\"file\":\"CAM-01-20261123-0507.mp4\""), text);
        assertTrue(text.contains("\"gaps\":[{\"from\":\"2026-11-23T05:07:12Z\",\"to\":\"2026-11-23T05:07:13Z\"}]"), text);
        assertEquals(manifest, ExportManifest.parse(manifest.canonical()));
        assertThrows(IllegalArgumentException.class, () -> new ExportSource(ExportSource.Kind.REPLAY,
                "rtsp://viewer:secret@10.0.0.5/recording/7", new RecordingRange(START, START.plusSeconds(6)), "ab".repeat(32)));
        for (String bad : List.of("file:///etc/passwd", "", "rtsp:///no-host", "rtsp://10.0.0.5/a?token=abc")) {
            assertThrows(IllegalArgumentException.class, () -> new ExportSource(ExportSource.Kind.REPLAY, bad,
                    new RecordingRange(START, START.plusSeconds(6)), "ab".repeat(32)), bad);
        }
        assertEquals("rtsp://10.0.0.5/a%2Fb/c", ExportSource.replay(URI.create("RTSP://10.0.0.5/a%2Fb/c#x"),
                new RecordingRange(START, START.plusSeconds(6)), "ab".repeat(32)).name(), "escapes are kept as written");
    }

    /// The SHA-256 the manifest should carry, read apart from the export: the units our client
    /// receives when it plays from `from` that were recorded before `to`, in the order received.
    private static String unitsSha256(MediaSource.OnvifReplay replay, Instant from, Instant to) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (ReplayClient client = ReplayClient.open(replay.uri(), Optional.empty(), ReplayPictures.READ_TIMEOUT,
                ReplayPictures.REQUEST_LIMIT, System::nanoTime)) {
            client.play(from);
            Instant beyond = to.plusSeconds(1);
            for (Optional<AccessUnit> unit = client.next(); unit.isPresent() && unit.get().recorded().isBefore(beyond);
                    unit = client.next()) {
                if (unit.get().recorded().isBefore(to)) {
                    digest.update(unit.get().annexB());
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /// The file holds `frames` frames, 1/30 s apart, and its frame `i` shows recorded frame
    /// `firstIndex + i`, read from its code wherever the burned-in mark does not lie over the code.
    private static void assertFrames(ExportOrder order, Path output, int frames, int firstIndex) throws Exception {
        List<Long> times = ExportTranscoderTest.timestamps(output);
        assertEquals(frames, times.size());
        for (int i = 0; i < times.size(); i++) {
            assertEquals(i * 1_000_000L / FPS, times.get(i), 2_000, "frame " + i + " keeps the recording's timing");
        }
        ExportWatermark mark = ExportWatermark.of(order, ExportFixture.LABELS, ExportFixture.ZONE, SIZE);
        int read = 0;
        List<String> wrong = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(output.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGRA);
            grabber.start();
            Frame frame;
            for (int i = 0; (frame = grabber.grabImage()) != null; i++) {
                int[] box = mark.placement((double) i / FPS);
                boolean overCode = box[1] < SIZE.height() * 9 / 16 + 4 && box[1] + box[3] > SIZE.height() * 7 / 16 - 4;
                if (overCode) {
                    continue;
                }
                OptionalInt index = FrameCodedClip.readIndex((ByteBuffer) frame.image[0], frame.imageWidth, frame.imageHeight,
                        frame.imageStride);
                read++;
                if (index.isEmpty() || index.getAsInt() != firstIndex + i) {
                    wrong.add(i + "->" + index);
                }
            }
        }
        assertEquals(List.of(), wrong, "frames showing another recorded frame than their place says");
        assertTrue(read >= frames / 4, "only " + read + " frames free of the mark to read");
    }

    /// A TCP relay on loopback in front of the recorder: the first `whole` connections pass
    /// through untouched, every later one is closed after `cutAfter` bytes from the recorder, as
    /// when a recorder dies or its network goes in the middle of a replay. Real sockets both ways.
    private static final class CuttingRelay implements AutoCloseable {

        private final ServerSocket listener = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
        private final List<Socket> sockets = new java.util.concurrent.CopyOnWriteArrayList<>();

        CuttingRelay(int recorderPort, int whole, long cutAfter) throws IOException {
            Thread.ofPlatform().daemon().name("cutting-relay").start(() -> {
                try {
                    for (int connection = 0; ; connection++) {
                        Socket client = listener.accept();
                        Socket recorder = new Socket(InetAddress.getLoopbackAddress(), recorderPort);
                        sockets.add(client);
                        sockets.add(recorder);
                        pump(client, recorder, Long.MAX_VALUE);
                        pump(recorder, client, connection < whole ? Long.MAX_VALUE : cutAfter);
                    }
                } catch (IOException e) {
                    // Closed by the test.
                }
            });
        }

        String uri(String path) {
            return "rtsp://127.0.0.1:" + listener.getLocalPort() + "/" + path;
        }

        private void pump(Socket from, Socket to, long limit) {
            Thread.ofPlatform().daemon().name("cutting-relay-pump").start(() -> {
                byte[] buffer = new byte[8192];
                long passed = 0;
                try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                    for (int read; passed < limit && (read = in.read(buffer, 0, (int) Math.min(buffer.length, limit - passed))) > 0; ) {
                        out.write(buffer, 0, read);
                        passed += read;
                    }
                } catch (IOException e) {
                    // The other side went.
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            });
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                // Already closed.
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            sockets.forEach(CuttingRelay::closeQuietly);
        }
    }
}
