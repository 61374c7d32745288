package mamori.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import mamori.audit.RecordingRange;
import mamori.playback.FrameSize;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExportTranscoderTest {

    @TempDir
    Path dir;

    @Test
    void theSpanBecomesAnH264FileWithTheRecordingsFramesTimingAndSources() throws Exception {
        try (ExportFixture fixture = new ExportFixture(dir, 0, 3)) {
            List<Double> progress = new CopyOnWriteArrayList<>();
            Path output = fixture.exports.resolve("EXP-0001.mp4");
            TranscodedExport export = fixture.transcoder.transcode(ExportFixture.order(0, 6, false), output, progress::add, () -> false);

            assertEquals(60, export.frames());
            assertEquals("h264", export.codec());
            assertEquals(Duration.ofSeconds(6), export.length());
            assertEquals(new RecordingRange(ExportFixture.RECORDED, ExportFixture.RECORDED.plusSeconds(6)), export.exported());
            assertEquals(List.of(), export.gaps());
            assertTrue(export.masked());
            assertEquals(2, export.sources().size());
            for (int i = 0; i < 2; i++) {
                ExportSource source = export.sources().get(i);
                assertEquals(fixture.files.get(i).getFileName().toString(), source.name());
                assertEquals(FootageTranscoder.sha256(fixture.files.get(i)), source.sha256());
                assertEquals(64, source.sha256().length());
                assertEquals(ExportFixture.RECORDED.plusSeconds(3L * i), source.span().from());
            }
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(output.toFile())) {
                grabber.start();
                assertEquals("h264", grabber.getVideoCodecName());
                assertEquals(320, grabber.getImageWidth());
                assertEquals(180, grabber.getImageHeight());
                assertEquals(6.0, grabber.getLengthInTime() / 1e6, 0.15);
            }
            assertEquals(60, decode(output).size());
            List<Long> times = timestamps(output);
            for (int i = 0; i < times.size(); i++) {
                assertEquals(i * 100_000L, times.get(i), 2_000, "frame " + i + " keeps the recording's timing");
            }
            assertProgressRisesToOne(progress);
            try (Stream<Path> left = Files.list(fixture.exports)) {
                assertEquals(List.of(output), left.toList(), "only the finished file is left");
            }
        }
    }

    @Test
    void aPartOfTheSpanIsCutAtItsEdges() throws Exception {
        try (ExportFixture fixture = new ExportFixture(dir, 0, 3)) {
            TranscodedExport export = fixture.transcoder.transcode(ExportFixture.order(ExportFixture.RECORDED.plusMillis(1000),
                    ExportFixture.RECORDED.plusMillis(4500), false), fixture.exports.resolve("part.mp4"), value -> { }, () -> false);
            assertEquals(35, export.frames());
            assertEquals(35, decode(export.file()).size());
            assertEquals(new RecordingRange(ExportFixture.RECORDED.plusSeconds(1), ExportFixture.RECORDED.plusMillis(4500)),
                    export.exported());
        }
    }

    @Test
    void gapsAreSkippedAndNamed() throws Exception {
        try (ExportFixture fixture = new ExportFixture(dir, 0, 5)) {
            TranscodedExport export = fixture.transcoder.transcode(ExportFixture.order(0, 8, false),
                    fixture.exports.resolve("gap.mp4"), value -> { }, () -> false);
            assertEquals(60, export.frames());
            assertEquals(Duration.ofSeconds(6), export.length());
            assertEquals(List.of(new RecordingRange(ExportFixture.RECORDED.plusSeconds(3), ExportFixture.RECORDED.plusSeconds(5))),
                    export.gaps());
            assertEquals(60, decode(export.file()).size());
        }
    }

    @Test
    void masksAreOpaqueInTheFileUnlessTheOrderLiftsThem() throws Exception {
        try (ExportFixture fixture = new ExportFixture(dir, 0)) {
            TranscodedExport masked = fixture.transcoder.transcode(ExportFixture.order(0, 3, false),
                    fixture.exports.resolve("masked.mp4"), value -> { }, () -> false);
            TranscodedExport lifted = fixture.transcoder.transcode(ExportFixture.order(0, 3, true),
                    fixture.exports.resolve("lifted.mp4"), value -> { }, () -> false);
            assertTrue(masked.masked());
            assertTrue(!lifted.masked());
            ExportWatermark mark = ExportWatermark.of(ExportFixture.order(0, 3, false), ExportFixture.LABELS, ExportFixture.ZONE,
                    new FrameSize(320, 180));
            List<byte[]> maskedFrames = decode(masked.file());
            List<byte[]> liftedFrames = decode(lifted.file());
            for (int index : new int[] {0, 15, 29}) {
                int[] box = mark.placement(index / 10.0);
                int covered = 0;
                int grey = 0;
                int liftedGrey = 0;
                // The left half, inside the mask by a margin (4:2:0 edges blur), outside the mark.
                for (int y = 4; y < 176; y += 3) {
                    for (int x = 4; x < 150; x += 3) {
                        if (x >= box[0] - 4 && x < box[0] + box[2] + 4 && y >= box[1] - 4 && y < box[1] + box[3] + 4) {
                            continue;
                        }
                        covered++;
                        grey += isCoverGrey(maskedFrames.get(index), x, y) ? 1 : 0;
                        liftedGrey += isCoverGrey(liftedFrames.get(index), x, y) ? 1 : 0;
                    }
                }
                assertTrue(covered > 500, "enough samples: " + covered);
                assertEquals(covered, grey, "every sample under the mask is the cover grey in frame " + index);
                assertTrue(liftedGrey < covered / 10, "lifted: the picture shows (" + liftedGrey + " of " + covered + " grey)");
            }
        }
    }

    @Test
    void theWatermarkIsBurnedInWhereItIsPlaced() throws Exception {
        try (ExportFixture fixture = new ExportFixture(dir, 0)) {
            TranscodedExport export = fixture.transcoder.transcode(ExportFixture.order(0, 3, true),
                    fixture.exports.resolve("marked.mp4"), value -> { }, () -> false);
            ExportWatermark mark = ExportWatermark.of(ExportFixture.order(0, 3, true), ExportFixture.LABELS, ExportFixture.ZONE,
                    new FrameSize(320, 180));
            List<byte[]> source = decode(fixture.files.getFirst());
            List<byte[]> exported = decode(export.file());
            for (int index : new int[] {0, 20}) {
                int[] box = mark.placement(index / 10.0);
                int inside = 0;
                int changedInside = 0;
                int outside = 0;
                int changedOutside = 0;
                for (int y = 0; y < 180; y++) {
                    for (int x = 0; x < 320; x++) {
                        boolean changed = difference(source.get(index), exported.get(index), x, y) > 60;
                        if (x >= box[0] && x < box[0] + box[2] && y >= box[1] && y < box[1] + box[3]) {
                            inside++;
                            changedInside += changed ? 1 : 0;
                        } else {
                            outside++;
                            changedOutside += changed ? 1 : 0;
                        }
                    }
                }
                assertTrue(changedInside > inside / 10, "the label changes its box: " + changedInside + " of " + inside);
                assertTrue(changedOutside < outside / 100, "elsewhere the picture is the source's: " + changedOutside + " of " + outside);
            }
            int[] start = mark.placement(0);
            int[] later = mark.placement(60);
            assertTrue(start[0] != later[0] || start[1] != later[1], "the label moves over time");
        }
    }

    @Test
    void cancellingStopsAndLeavesNothingBehind() throws Exception {
        try (ExportFixture fixture = new ExportFixture(dir, 0, 3)) {
            AtomicInteger asked = new AtomicInteger();
            Path output = fixture.exports.resolve("cancelled.mp4");
            assertThrows(ExportCancelledException.class, () -> fixture.transcoder.transcode(ExportFixture.order(0, 6, false), output,
                    value -> { }, () -> asked.incrementAndGet() > 40));
            assertTrue(asked.get() < 80, "it stopped soon after being asked: " + asked.get());
            try (Stream<Path> left = Files.list(fixture.exports)) {
                assertEquals(List.of(), left.toList());
            }
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(30)
    void aCancelSeenOnlyByTheReaderStillEndsTheExport() throws Exception {
        try (ExportFixture fixture = new ExportFixture(dir, 0, 3)) {
            // The encoder may be waiting for a picture when the reader sees the cancel: it must hear of it.
            AtomicInteger readerAsked = new AtomicInteger();
            BooleanSupplier cancelledForTheReader = () -> Thread.currentThread().getName().startsWith("export-reader")
                    && readerAsked.incrementAndGet() > 20;
            assertThrows(ExportCancelledException.class, () -> fixture.transcoder.transcode(ExportFixture.order(0, 6, false),
                    fixture.exports.resolve("cancelled.mp4"), value -> { }, cancelledForTheReader));
            try (Stream<Path> left = Files.list(fixture.exports)) {
                assertEquals(List.of(), left.toList());
            }
        }
    }

    @Test
    void aTruncatedSegmentIsAnExportExceptionAndLeavesNothing() throws Exception {
        try (ExportFixture fixture = new ExportFixture(dir, 0, 3)) {
            Path second = fixture.files.get(1);
            byte[] bytes = Files.readAllBytes(second);
            Files.write(second, java.util.Arrays.copyOf(bytes, bytes.length / 2));
            ExportException failure = assertThrows(ExportException.class, () -> fixture.transcoder.transcode(
                    ExportFixture.order(0, 6, false), fixture.exports.resolve("broken.mp4"), value -> { }, () -> false));
            assertTrue(failure.getMessage().contains(second.getFileName().toString()), failure.getMessage());
            assertTrue(!(failure instanceof ExportCancelledException));
            try (Stream<Path> left = Files.list(fixture.exports)) {
                assertEquals(List.of(), left.toList());
            }
        }
    }

    @Test
    void aSegmentThatIsNoVideoIsAnExportException() throws Exception {
        try (ExportFixture fixture = new ExportFixture(dir, 0)) {
            byte[] noise = new byte[40_000];
            new java.util.Random(3).nextBytes(noise);
            Files.write(fixture.files.getFirst(), noise);
            ExportException failure = assertThrows(ExportException.class, () -> fixture.transcoder.transcode(
                    ExportFixture.order(0, 3, false), fixture.exports.resolve("noise.mp4"), value -> { }, () -> false));
            assertTrue(failure.getMessage().contains("damaged"), failure.getMessage());
            try (Stream<Path> left = Files.list(fixture.exports)) {
                assertEquals(List.of(), left.toList());
            }
        }
    }

    @Test
    void aSpanWithoutRecordingIsRefused() throws Exception {
        try (ExportFixture fixture = new ExportFixture(dir, 0)) {
            assertThrows(ExportException.class, () -> fixture.transcoder.transcode(ExportFixture.order(10, 20, false),
                    fixture.exports.resolve("none.mp4"), value -> { }, () -> false));
        }
    }

    private static void assertProgressRisesToOne(List<Double> progress) {
        assertTrue(progress.size() > 5, "progress was reported: " + progress);
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i) >= progress.get(i - 1), "progress never goes back: " + progress);
        }
        assertEquals(0.0, progress.getFirst());
        assertEquals(1.0, progress.getLast());
    }

    /// Every frame of `file` as BGR bytes, 320x180.
    static List<byte[]> decode(Path file) throws Exception {
        List<byte[]> frames = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGR24);
            grabber.start();
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                ByteBuffer pixels = (ByteBuffer) frame.image[0];
                byte[] bgr = new byte[frame.imageWidth * frame.imageHeight * 3];
                for (int y = 0; y < frame.imageHeight; y++) {
                    pixels.get(y * frame.imageStride, bgr, y * frame.imageWidth * 3, frame.imageWidth * 3);
                }
                frames.add(bgr);
            }
        }
        return frames;
    }

    /// The presentation time of every frame of `file`, in microseconds.
    static List<Long> timestamps(Path file) throws Exception {
        List<Long> times = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.setImageMode(org.bytedeco.javacv.FrameGrabber.ImageMode.RAW);
            grabber.start();
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                times.add(frame.timestamp);
            }
        }
        return times;
    }

    private static boolean isCoverGrey(byte[] bgr, int x, int y) {
        int at = (y * 320 + x) * 3;
        for (int c = 0; c < 3; c++) {
            if (Math.abs((bgr[at + c] & 0xFF) - 0x30) > 8) {
                return false;
            }
        }
        return true;
    }

    private static int difference(byte[] a, byte[] b, int x, int y) {
        int at = (y * 320 + x) * 3;
        int sum = 0;
        for (int c = 0; c < 3; c++) {
            sum += Math.abs((a[at + c] & 0xFF) - (b[at + c] & 0xFF));
        }
        return sum;
    }
}
