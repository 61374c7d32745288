package mamori.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mamori.audit.RecordingRange;
import mamori.camera.PrivacyMask;
import mamori.export.ExportOrder;
import mamori.export.ExportWatermark;
import mamori.export.FootageTranscoder;
import mamori.export.TranscodedExport;
import mamori.playback.FrameSize;
import mamori.playback.MediaSource;
import mamori.playback.RecordingTimeline;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.javacv.FFmpegFrameGrabber;

/// `mamori bench export`: the export transcoder (decode, mask, burned-in mark, openh264 encode)
/// against the ffmpeg command line doing the same (drawbox for the mask, overlay of the same
/// rendered label moving along the same path, the same encoder with the same settings) on the
/// same clip, in the same run.
///
/// The reference is the ffmpeg program bundled with javacv's FFmpeg (same libraries as Mamori):
/// Debian's ffmpeg has no openh264 encoder, and javacv's build has no drawtext (no freetype), so
/// the label is drawn by `overlay` from the PNG Mamori renders; the blending work is the same.
final class ExportBench {

    private static final Pattern BENCH = Pattern.compile("bench: utime=([0-9.]+)s stime=([0-9.]+)s rtime=([0-9.]+)s");
    private static final Pattern SIZE = Pattern.compile("(\\d+)x(\\d+)");
    private static final int FRAME_RATE = 30;
    private static final int BITRATE = 4_000_000;
    private static final long SEGMENT_SECONDS = 60;
    private static final List<PrivacyMask> MASKS = List.of(new PrivacyMask("bench", List.of(new PrivacyMask.Point(0.7, 0.3),
            new PrivacyMask.Point(0.9, 0.3), new PrivacyMask.Point(0.9, 0.7), new PrivacyMask.Point(0.7, 0.7))));

    private final PrintStream out;
    private final PrintStream err;

    ExportBench(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    int run(List<String> args) throws Exception {
        int minutes = 10;
        FrameSize size = new FrameSize(1920, 1080);
        int decoderThreads = FootageTranscoder.DECODER_THREADS;
        int encoderThreads = FootageTranscoder.ENCODER_THREADS;
        int rounds = 1;
        for (int i = 0; i < args.size(); i += 2) {
            if (i + 1 >= args.size()) {
                throw new UsageException("bench export takes --minutes N, --size WxH, --rounds N, --decoder-threads N, --encoder-threads N");
            }
            String value = args.get(i + 1);
            switch (args.get(i)) {
                case "--minutes" -> minutes = Integer.parseInt(value);
                case "--size" -> {
                    Matcher matcher = SIZE.matcher(value);
                    if (!matcher.matches()) {
                        throw new UsageException("--size is WIDTHxHEIGHT, e.g. 1920x1080");
                    }
                    size = new FrameSize(Integer.parseInt(matcher.group(1)) & ~1, Integer.parseInt(matcher.group(2)) & ~1);
                }
                case "--decoder-threads" -> decoderThreads = Integer.parseInt(value);
                case "--encoder-threads" -> encoderThreads = Integer.parseInt(value);
                case "--rounds" -> rounds = Integer.parseInt(value);
                default -> throw new UsageException("bench export takes --minutes N, --size WxH, --rounds N, --decoder-threads N, --encoder-threads N");
            }
        }
        if (minutes < 1 || minutes > 120) {
            throw new UsageException("--minutes is 1..120");
        }
        if (rounds < 1 || minutes % rounds != 0) {
            throw new UsageException("--rounds must divide --minutes (the footage is split into that many alternating exports)");
        }
        Path dir = Files.createTempDirectory("mamori-bench-export");
        try {
            return measure(dir, minutes, rounds, size, decoderThreads, encoderThreads);
        } finally {
            BenchCommand.deleteTree(dir);
        }
    }

    private int measure(Path dir, int minutes, int rounds, FrameSize size, int decoderThreads, int encoderThreads) throws Exception {
        long seconds = minutes * 60L;
        long frames = seconds * FRAME_RATE;
        out.printf(Locale.ROOT, "export: %d min of %dx%d @ %d fps (%d frames), mask + burned-in mark, openh264 %d kbit/s,"
                + " key frame every 2 s; %d decoder / %d encoder threads; %d cores%n", minutes, size.width(), size.height(),
                FRAME_RATE, frames, BITRATE / 1000, decoderThreads, encoderThreads, Runtime.getRuntime().availableProcessors());
        // Camera-like footage: a moving, detailed picture (testsrc2), H.264 High as cameras record,
        // stored as NVRs do, in segment files (here one-minute files, all made from one clip).
        Path clip = dir.resolve("segment.mp4");
        long made = System.nanoTime();
        runProgram("ffmpeg", List.of("-hide_banner", "-nostdin", "-f", "lavfi", "-i", "testsrc2=size=" + size.width() + "x"
                + size.height() + ":rate=" + FRAME_RATE, "-t", Long.toString(SEGMENT_SECONDS), "-c:v", "libx264", "-preset", "superfast",
                "-b:v", Integer.toString(BITRATE), "-g", Integer.toString(2 * FRAME_RATE), "-pix_fmt", "yuv420p", "-y", clip.toString()));
        err.printf(Locale.ROOT, "  segment made in %.0f s (Debian ffmpeg, testsrc2, x264 superfast)%n", (System.nanoTime() - made) / 1e9);
        out.printf(Locale.ROOT, "  footage: %d one-minute segment files of a moving test picture (testsrc2, x264 High)%n", minutes);

        Instant start = Instant.parse("2026-11-23T00:00:00Z");
        ExportOrder order = new ExportOrder("EXP-BENCH-0001", "T-BENCH", "bench", new RecordingRange(start, start.plusSeconds(seconds)),
                "ベンチマーク", "警察署", "op-bench", "ベンチ 太郎", "sv-bench", "承認 花子", start.plusSeconds(seconds + 3600), false);
        ExportWatermark.Labels labels = new ExportWatermark.Labels("書き出し", "依頼", "承認", "日付");
        ZoneId zone = ZoneId.of("Asia/Tokyo");
        List<RecordingTimeline.Piece> pieces = new ArrayList<>();
        for (int i = 0; i < minutes; i++) {
            pieces.add(new RecordingTimeline.Piece(start.plusSeconds(i * SEGMENT_SECONDS), start.plusSeconds((i + 1) * SEGMENT_SECONDS),
                    new MediaSource.LocalFile(clip)));
        }
        RecordingTimeline timeline = RecordingTimeline.of(pieces);

        // The reference: the same mask as a box, the same label image on the same path.
        ExportWatermark mark = ExportWatermark.of(order, labels, zone, size);
        Path label = dir.resolve("label.png");
        javax.imageio.ImageIO.write(mark.image(), "png", label.toFile());
        String ffmpeg = Loader.load(org.bytedeco.ffmpeg.ffmpeg.class);
        int boxX = (int) Math.ceil(0.7 * size.width() - 0.5);
        int boxY = (int) Math.ceil(0.3 * size.height() - 0.5);
        int boxW = (int) Math.ceil(0.9 * size.width() - 0.5) - boxX;
        int boxH = (int) Math.ceil(0.7 * size.height() - 0.5) - boxY;
        int margin = mark.margin();
        String filter = String.format(Locale.ROOT, "[0:v]drawbox=x=%d:y=%d:w=%d:h=%d:color=0x303030:t=fill[masked];"
                + "[masked][1:v]overlay=x='%d+(W-w-%d)*abs(mod(t/%d,2)-1)':y='%d+(H-h-%d)*abs(mod(t/%d,2)-1)':eval=frame",
                boxX, boxY, boxW, boxH, margin, 2 * margin, 120, margin, 2 * margin, 170);
        int segmentsPerRound = minutes / rounds;
        Path list = dir.resolve("segments.txt");
        Files.writeString(list, ("file '" + clip + "'\n").repeat(segmentsPerRound));
        FootageTranscoder transcoder = new FootageTranscoder(labels, zone, decoderThreads, encoderThreads);
        var os = (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
        Path referenceOut = dir.resolve("reference.mp4");
        Path oursOut = dir.resolve("export.mp4");
        List<String> reference = List.of(ffmpeg, "-hide_banner", "-nostdin", "-benchmark", "-threads", Integer.toString(decoderThreads),
                "-f", "concat", "-safe", "0", "-i", list.toString(), "-i", label.toString(), "-filter_complex", filter, "-c:v", "libopenh264", "-b:v",
                Integer.toString(BITRATE), "-g", Integer.toString(2 * FRAME_RATE), "-threads", Integer.toString(encoderThreads),
                "-pix_fmt", "yuv420p", "-an", "-f", "mp4", "-y", referenceOut.toString());
        double oursSeconds = 0;
        double oursCpu = 0;
        double referenceSeconds = 0;
        double referenceCpu = 0;
        long oursFrames = 0;
        long referenceFrames = 0;
        String referenceCodec = "";
        String oursCodec = "";
        long oursBytes = 0;
        long referenceBytes = 0;
        for (int round = 0; round < rounds; round++) {
            // Alternating which goes first shares the machine's other load out evenly.
            for (int turn = 0; turn < 2; turn++) {
                if ((round + turn) % 2 == 0) {
                    Files.deleteIfExists(oursOut);
                    Instant from = start.plusSeconds(round * segmentsPerRound * SEGMENT_SECONDS);
                    ExportOrder part = new ExportOrder(order.exportId(), order.terminalId(), order.cameraId(),
                            new RecordingRange(from, from.plusSeconds(segmentsPerRound * SEGMENT_SECONDS)), order.purpose(),
                            order.recipient(), order.requesterId(), order.requesterName(), order.approverId(), order.approverName(),
                            order.approvedAt(), false);
                    long cpuBefore = os.getProcessCpuTime();
                    long started = System.nanoTime();
                    TranscodedExport export = transcoder.transcode(part, timeline, MASKS, oursOut, value -> { }, () -> false);
                    oursSeconds += (System.nanoTime() - started) / 1e9;
                    oursCpu += (os.getProcessCpuTime() - cpuBefore) / 1e9;
                    oursFrames += export.frames();
                    oursCodec = export.codec();
                    oursBytes += Files.size(oursOut);
                } else {
                    String output = runProgram(ffmpeg, reference.subList(1, reference.size()));
                    Matcher timing = BENCH.matcher(output);
                    if (!timing.find()) {
                        throw new IOException("ffmpeg -benchmark printed no timing: " + output);
                    }
                    referenceSeconds += Double.parseDouble(timing.group(3));
                    referenceCpu += Double.parseDouble(timing.group(1)) + Double.parseDouble(timing.group(2));
                    try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(referenceOut.toFile())) {
                        grabber.start();
                        referenceFrames += grabber.getLengthInVideoFrames();
                        referenceCodec = grabber.getVideoCodecName();
                    }
                    referenceBytes += Files.size(referenceOut);
                }
            }
            err.printf(Locale.ROOT, "  round %d of %d: mamori %.0f s, ffmpeg %.0f s so far%n", round + 1, rounds, oursSeconds,
                    referenceSeconds);
        }
        double oursSpeed = seconds / oursSeconds;
        double referenceSpeed = seconds / referenceSeconds;
        out.printf(Locale.ROOT, "  reference: %s%n", String.join(" ", reference.subList(1, reference.size())));
        out.printf(Locale.ROOT, "  %s%n", rounds == 1 ? "one export of the whole span each" : rounds + " alternating rounds of "
                + segmentsPerRound + " min each, summed");
        out.printf(Locale.ROOT, "  ffmpeg command line (javacv's bundled ffmpeg): %7.1f s wall (%7.1f s CPU)  %5.2fx real time  %d frames %s"
                + "  %d MB%n", referenceSeconds, referenceCpu, referenceSpeed, referenceFrames, referenceCodec, referenceBytes >> 20);
        out.printf(Locale.ROOT, "  mamori export transcoder:                      %7.1f s wall (%7.1f s CPU)  %5.2fx real time  %d frames %s"
                + "  %d MB%n", oursSeconds, oursCpu, oursSpeed, oursFrames, oursCodec, oursBytes >> 20);
        double ratio = oursSpeed / referenceSpeed;
        out.printf(Locale.ROOT, "  throughput ratio mamori / ffmpeg (wall): %.2f   target >= 0.90 -> %s%n", ratio,
                ratio >= 0.9 ? "met" : "NOT met");
        out.printf(Locale.ROOT, "  CPU ratio ffmpeg / mamori (throughput per CPU second, fair when the cores are shared): %.2f%n",
                referenceCpu / oursCpu);
        return 0;
    }

    private static String runProgram(String program, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(program));
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("bench export needs " + program + " (apt install ffmpeg)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(4, TimeUnit.HOURS) || process.exitValue() != 0) {
            throw new IOException(program + " failed: " + output);
        }
        return output;
    }
}
