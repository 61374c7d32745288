package mamori.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import mamori.camera.PrivacyMask;
import mamori.demo.RecordingFormat;
import mamori.demo.TestPatternRecorder;
import mamori.playback.DecodedFrame;
import mamori.playback.FfmpegEngine;
import mamori.playback.FrameSize;
import mamori.playback.ProtectedPicture;
import mamori.playback.VideoDecoder;
import mamori.playback.Watermark;

/// `mamori bench playback`: the player's decode pipeline against FFmpeg's own command-line tool
/// on the same clip, in the same run. The clip (1080p30 H.264) is made first, in a temporary
/// directory.
final class PlaybackBench {

    private static final Pattern BENCH = Pattern.compile("bench: utime=([0-9.]+)s stime=([0-9.]+)s rtime=([0-9.]+)s");
    private static final int THREADS = 2;

    private final PrintStream out;

    PlaybackBench(PrintStream out) {
        this.out = out;
    }

    int run(int seconds) throws Exception {
        Path dir = Files.createTempDirectory("mamori-bench-playback");
        try {
            long frames = seconds * 30L;
            out.printf(Locale.ROOT, "playback: %d s of 1920x1080 @ 30 fps H.264 (%d frames), %d decoder threads, %d cores%n",
                    seconds, frames, THREADS, Runtime.getRuntime().availableProcessors());
            // Camera-like footage: moving, detailed picture (GStreamer/FFmpeg's testsrc2), encoded
            // by the ffmpeg command with x264 as cameras encode (High profile, 2 s key frames).
            Path moving = dir.resolve("moving-1080p30.mp4");
            runFfmpeg(List.of("-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30", "-t", Integer.toString(seconds),
                    "-c:v", "libx264", "-preset", "veryfast", "-g", "60", "-pix_fmt", "yuv420p", "-y", moving.toString()));
            out.println("  clip 1: moving test picture (ffmpeg testsrc2, x264)");
            decodeCost(moving, frames);
            seekCost(moving, seconds);
            firstFrameOverRtsp(dir, "moving-1080p30");
            firstFrameOverOnvifReplay(dir, "moving-1080p30", seconds);
            gridMemory(moving, seconds);

            // The demo's own recordings: a still test pattern with a running clock (openh264),
            // which decodes so cheaply that the fixed per-frame work weighs far more.
            Path still = dir.resolve("still-1080p30.mp4");
            RecordingFormat format = new RecordingFormat(1920, 1080, 30, 2, 4_000_000);
            new TestPatternRecorder(format, ZoneId.of("Asia/Tokyo")).record(still, "BENCH", "ベンチマーク",
                    Instant.parse("2026-11-23T00:00:00Z"), frames, done -> { });
            out.println("  clip 2: the demo's still test pattern with a clock (openh264)");
            decodeCost(still, frames);
            return 0;
        } finally {
            BenchCommand.deleteTree(dir);
        }
    }

    /// CPU per frame: FFmpeg decoding to nothing vs decoding, converting to BGRA, masks,
    /// watermark and the copy into a frame buffer.
    private void decodeCost(Path clip, long frames) throws Exception {
        List<Double> reference = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        runPipeline(clip);
        for (int round = 0; round < 3; round++) {
            reference.add(ffmpegCpuSeconds(List.of("-threads", Integer.toString(THREADS), "-i", clip.toString(), "-f", "null", "-")));
            ours.add(runPipeline(clip));
        }
        double referenceMs = BenchCommand.median(reference) * 1000 / frames;
        double oursMs = BenchCommand.median(ours) * 1000 / frames;
        out.printf(Locale.ROOT, "    CPU per frame, ffmpeg -threads %d -i clip -f null -:                %6.2f ms  (runs: %s s)%n", THREADS,
                referenceMs, seconds(reference));
        out.printf(Locale.ROOT, "    CPU per frame, mamori decode + BGRA to frame buffer + masks + mark: %6.2f ms  (runs: %s s)%n", oursMs,
                seconds(ours));
        out.printf(Locale.ROOT, "    ratio %.2f   target <= 1.30 -> %s%n", oursMs / referenceMs, oursMs / referenceMs <= 1.3 ? "met" : "NOT met");
    }

    /// Process CPU seconds spent by the pipeline over the whole clip.
    private double runPipeline(Path clip) throws Exception {
        return runPipeline(clip, new FfmpegEngine(THREADS));
    }

    /// As [#runPipeline(Path)] through `engine`; libVLC's threads are this process's threads, so
    /// its decoding is counted too.
    private double runPipeline(Path clip, mamori.playback.VideoEngine engine) throws Exception {
        var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        FrameSize size = new FrameSize(1920, 1080);
        ProtectedPicture overlay = new ProtectedPicture(List.of(new PrivacyMask("bench", List.of(new PrivacyMask.Point(0.7, 0.3),
                new PrivacyMask.Point(0.9, 0.3), new PrivacyMask.Point(0.9, 0.7), new PrivacyMask.Point(0.7, 0.7)))),
                new Watermark("ベンチ 太郎", "T-BENCH", new Watermark.Labels("閲覧者", "端末", "現在", "録画"), ZoneId.of("Asia/Tokyo"), 1),
                Clock.systemUTC());
        // As on screen: frames are converted straight into one of four frame buffers in turn.
        ByteBuffer[] frameBuffers = new ByteBuffer[4];
        for (int i = 0; i < frameBuffers.length; i++) {
            frameBuffers[i] = ByteBuffer.allocateDirect(size.bytesBgra());
        }
        Instant start = Instant.parse("2026-11-23T00:00:00Z");
        long cpuBefore = os.getProcessCpuTime();
        try (VideoDecoder decoder = engine.open(new mamori.playback.MediaSource.LocalFile(clip), size)) {
            Optional<DecodedFrame> frame;
            int next = 0;
            while ((frame = decoder.next(frameBuffers[next++ % frameBuffers.length])).isPresent()) {
                DecodedFrame picture = frame.get();
                overlay.apply(picture, start.plus(picture.offset()));
            }
        }
        return (os.getProcessCpuTime() - cpuBefore) / 1e9;
    }

    /// `mamori bench playback-vlc`: CPU per frame of the same pipeline through libVLC (MAMORI_ENGINE=vlc)
    /// and through FFmpeg, against the same `ffmpeg -f null` reference, on the same 1080p clip.
    int runVlc(int seconds) throws Exception {
        Optional<mamori.playback.vlc.VlcEngine> found = mamori.playback.vlc.VlcEngine.discover(new FfmpegEngine(THREADS));
        if (found.isEmpty()) {
            out.println("playback-vlc: libVLC not found (install vlc-bin and vlc-plugin-base)");
            return 1;
        }
        Path dir = Files.createTempDirectory("mamori-bench-playback-vlc");
        try (mamori.playback.vlc.VlcEngine vlc = found.get()) {
            long frames = seconds * 30L;
            out.printf(Locale.ROOT, "playback-vlc: %d s of 1920x1080 @ 30 fps H.264 (%d frames), %s, %d cores%n",
                    seconds, frames, vlc.name(), Runtime.getRuntime().availableProcessors());
            Path moving = dir.resolve("moving-1080p30.mp4");
            runFfmpeg(List.of("-f", "lavfi", "-i", "testsrc2=size=1920x1080:rate=30", "-t", Integer.toString(seconds),
                    "-c:v", "libx264", "-preset", "veryfast", "-g", "60", "-pix_fmt", "yuv420p", "-y", moving.toString()));
            List<Double> reference = new ArrayList<>();
            List<Double> ffmpeg = new ArrayList<>();
            List<Double> libvlc = new ArrayList<>();
            runPipeline(moving, vlc);
            for (int round = 0; round < 3; round++) {
                reference.add(ffmpegCpuSeconds(List.of("-threads", Integer.toString(THREADS), "-i", moving.toString(), "-f", "null", "-")));
                ffmpeg.add(runPipeline(moving));
                libvlc.add(runPipeline(moving, vlc));
            }
            double referenceMs = BenchCommand.median(reference) * 1000 / frames;
            double ffmpegMs = BenchCommand.median(ffmpeg) * 1000 / frames;
            double vlcMs = BenchCommand.median(libvlc) * 1000 / frames;
            out.printf(Locale.ROOT, "    CPU per frame, ffmpeg -threads %d -i clip -f null -:        %6.2f ms  (runs: %s s)%n", THREADS,
                    referenceMs, seconds(reference));
            out.printf(Locale.ROOT, "    CPU per frame, FFmpeg engine, frame buffer + masks + mark: %6.2f ms  (runs: %s s)  ratio %.2f%n",
                    ffmpegMs, seconds(ffmpeg), ffmpegMs / referenceMs);
            out.printf(Locale.ROOT, "    CPU per frame, libVLC engine, frame buffer + masks + mark: %6.2f ms  (runs: %s s)  ratio %.2f%n",
                    vlcMs, seconds(libvlc), vlcMs / referenceMs);
            return 0;
        } finally {
            BenchCommand.deleteTree(dir);
        }
    }

    /// Wall time to show the exact frame at a random instant: a fresh open, seek and decode, as the
    /// player does on a jump, against `ffmpeg -ss T -i clip -frames:v 1`.
    private void seekCost(Path clip, int seconds) throws Exception {
        FfmpegEngine engine = new FfmpegEngine(THREADS);
        FrameSize size = new FrameSize(1920, 1080);
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        List<Double> reference = new ArrayList<>();
        List<Double> ours = new ArrayList<>();
        ByteBuffer target = ByteBuffer.allocateDirect(size.bytesBgra());
        for (int i = 0; i < 7; i++) {
            double at = 1 + random.nextDouble() * (seconds - 2);
            long started = System.nanoTime();
            runFfmpeg(List.of("-threads", Integer.toString(THREADS), "-ss", String.format(Locale.ROOT, "%.3f", at), "-i",
                    clip.toString(), "-frames:v", "1", "-f", "null", "-"));
            reference.add((System.nanoTime() - started) / 1e9);
            started = System.nanoTime();
            try (VideoDecoder decoder = engine.open(new mamori.playback.MediaSource.LocalFile(clip), size)) {
                decoder.seekExact(Duration.ofNanos((long) (at * 1e9)));
                decoder.next(target).orElseThrow();
            }
            ours.add((System.nanoTime() - started) / 1e9);
        }
        double referenceMs = BenchCommand.median(reference) * 1000;
        double oursMs = BenchCommand.median(ours) * 1000;
        out.printf(Locale.ROOT, "    exact seek to a random frame, ffmpeg -ss T -i clip -frames:v 1: %6.0f ms  (runs: %s s)%n",
                referenceMs, seconds(reference));
        out.printf(Locale.ROOT, "    exact seek to a random frame, mamori open + seek + frame:        %6.0f ms  (runs: %s s)%n",
                oursMs, seconds(ours));
        out.printf(Locale.ROOT, "    ratio %.2f   target <= 1.30 -> %s%n", oursMs / referenceMs, oursMs / referenceMs <= 1.3 ? "met" : "NOT met");
    }

    /// Wall time from "open" to the first decoded frame from a loopback RTSP server (GStreamer's),
    /// against ffprobe reading one frame of the same stream (its process start included, as it
    /// is part of ffprobe's time).
    private void firstFrameOverRtsp(Path dir, String name) throws Exception {
        try (mamori.media.RtspTestServer server = mamori.media.RtspTestServer.start(dir)) {
            java.net.URI uri = java.net.URI.create(server.uri(name));
            FfmpegEngine engine = new FfmpegEngine(THREADS);
            FrameSize size = new FrameSize(1920, 1080);
            ByteBuffer target = ByteBuffer.allocateDirect(size.bytesBgra());
            List<Double> reference = new ArrayList<>();
            List<Double> ours = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                long started = System.nanoTime();
                runProgram("ffprobe", List.of("-v", "error", "-rtsp_transport", "tcp", "-select_streams", "v:0", "-show_entries",
                        "frame=pts_time", "-read_intervals", "%+#1", "-of", "csv", uri.toString()));
                reference.add((System.nanoTime() - started) / 1e9);
                started = System.nanoTime();
                try (VideoDecoder decoder = engine.open(new mamori.playback.MediaSource.Rtsp(uri, Optional.empty()), size)) {
                    decoder.next(target).orElseThrow();
                }
                ours.add((System.nanoTime() - started) / 1e9);
            }
            double referenceMs = BenchCommand.median(reference) * 1000;
            double oursMs = BenchCommand.median(ours) * 1000;
            out.printf(Locale.ROOT, "    first frame from loopback RTSP, ffprobe reading one frame:       %6.0f ms  (runs: %s s)%n",
                    referenceMs, seconds(reference));
            out.printf(Locale.ROOT, "    first frame from loopback RTSP, mamori open + first frame:      %6.0f ms  (runs: %s s)%n",
                    oursMs, seconds(ours));
            out.printf(Locale.ROOT, "    ratio %.2f   target <= 1.30 -> %s%n", oursMs / referenceMs, oursMs / referenceMs <= 1.3 ? "met" : "NOT met");
        }
    }

    /// Wall time from "open" to the first decoded frame through ONVIF replay (our RTSP client:
    /// OPTIONS, DESCRIBE, SETUP, PLAY with `Range: clock=`, libavcodec) from GStreamer's
    /// RTSPOnvifServer, against ffprobe reading one frame of the same server's URI as plain RTSP.
    private void firstFrameOverOnvifReplay(Path dir, String name, int seconds) throws Exception {
        Instant start = Instant.parse("2026-11-23T05:07:10Z");
        try (mamori.media.RtspTestServer server = mamori.media.RtspTestServer.startOnvifReplay(dir, start)) {
            java.net.URI uri = java.net.URI.create(server.uri(name));
            FfmpegEngine engine = new FfmpegEngine(THREADS);
            FrameSize size = new FrameSize(1920, 1080);
            ByteBuffer target = ByteBuffer.allocateDirect(size.bytesBgra());
            var replay = new mamori.playback.MediaSource.OnvifReplay(uri, Optional.empty(), start, start.plusSeconds(seconds));
            List<Double> reference = new ArrayList<>();
            List<Double> ours = new ArrayList<>();
            for (int i = 0; i < 7; i++) {
                long started = System.nanoTime();
                runProgram("ffprobe", List.of("-v", "error", "-rtsp_transport", "tcp", "-select_streams", "v:0", "-show_entries",
                        "frame=pts_time", "-read_intervals", "%+#1", "-of", "csv", uri.toString()));
                reference.add((System.nanoTime() - started) / 1e9);
                started = System.nanoTime();
                try (VideoDecoder decoder = engine.open(replay, size)) {
                    decoder.next(target).orElseThrow();
                }
                ours.add((System.nanoTime() - started) / 1e9);
            }
            double referenceMs = BenchCommand.median(reference) * 1000;
            double oursMs = BenchCommand.median(ours) * 1000;
            out.printf(Locale.ROOT, "    first frame from loopback ONVIF replay, ffprobe on the plain URI: %6.0f ms  (runs: %s s)%n",
                    referenceMs, seconds(reference));
            out.printf(Locale.ROOT, "    first frame from loopback ONVIF replay, mamori replay client:     %6.0f ms  (runs: %s s)%n",
                    oursMs, seconds(ours));
            out.printf(Locale.ROOT, "    ratio %.2f   target <= 1.30 -> %s%n", oursMs / referenceMs, oursMs / referenceMs <= 1.3 ? "met" : "NOT met");
        }
    }

    /// Resident memory of the whole process while four players (a 2x2 grid) play the 1080p clip,
    /// each into four frame buffers of a quarter of a 1920x1080 screen, as the grid screen does.
    private void gridMemory(Path clip, int seconds) throws Exception {
        long before = residentBytes();
        FrameSize quarter = new FrameSize(928, 522);
        List<mamori.playback.Player> players = new ArrayList<>();
        long peak = before;
        Instant start = Instant.parse("2026-11-23T00:00:00Z");
        var timeline = mamori.playback.RecordingTimeline.of(List.of(new mamori.playback.RecordingTimeline.Piece(start,
                start.plusSeconds(seconds), new mamori.playback.MediaSource.LocalFile(clip))));
        java.util.concurrent.atomic.AtomicLong shown = new java.util.concurrent.atomic.AtomicLong();
        try {
            for (int i = 0; i < 4; i++) {
                ByteBuffer[] buffers = new ByteBuffer[4];
                for (int b = 0; b < buffers.length; b++) {
                    buffers[b] = ByteBuffer.allocateDirect(quarter.bytesBgra());
                }
                int[] next = {0};
                mamori.playback.FrameSink sink = new mamori.playback.FrameSink() {
                    @Override
                    public synchronized Optional<ByteBuffer> lend(Duration wait) {
                        return Optional.of(buffers[next[0]++ % buffers.length]);
                    }

                    @Override
                    public void show(DecodedFrame frame) {
                        shown.incrementAndGet();
                    }

                    @Override
                    public void giveBack(ByteBuffer buffer) {
                    }
                };
                mamori.playback.Player player = new mamori.playback.Player(new FfmpegEngine(THREADS), timeline, quarter,
                        mamori.playback.FrameOverlay.NONE, sink, new mamori.playback.PlayerListener() {
                            @Override
                            public void shown(Instant recorded) {
                            }

                            @Override
                            public void ended() {
                            }

                            @Override
                            public void failed(mamori.playback.PlaybackException failure) {
                            }
                        }, System::nanoTime);
                player.seek(start, true);
                player.play();
                players.add(player);
            }
            long until = System.nanoTime() + 8_000_000_000L;
            while (System.nanoTime() < until) {
                Thread.sleep(200);
                peak = Math.max(peak, residentBytes());
            }
        } finally {
            players.forEach(mamori.playback.Player::close);
        }
        out.printf(Locale.ROOT, "    2x2 grid of the 1080p clip (each decoded to 928x522), 8 s: peak resident %d MB (process before: %d MB), "
                + "%d frames shown   target < 1024 MB -> %s%n", peak >> 20, before >> 20, shown.get(), peak < (1L << 30) ? "met" : "NOT met");
    }

    private static long residentBytes() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        return 0;
    }

    private static String seconds(List<Double> values) {
        return values.stream().map(value -> String.format(Locale.ROOT, "%.3f", value)).collect(java.util.stream.Collectors.joining(", "));
    }

    private static double ffmpegCpuSeconds(List<String> args) throws IOException, InterruptedException {
        String output = runFfmpeg(args);
        Matcher matcher = BENCH.matcher(output);
        if (!matcher.find()) {
            throw new IOException("ffmpeg -benchmark printed no timing: " + output);
        }
        return Double.parseDouble(matcher.group(1)) + Double.parseDouble(matcher.group(2));
    }

    private static String runFfmpeg(List<String> args) throws IOException, InterruptedException {
        List<String> all = new ArrayList<>(List.of("-hide_banner", "-nostdin", "-benchmark"));
        all.addAll(args);
        return runProgram("ffmpeg", all);
    }

    private static String runProgram(String program, List<String> args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(program));
        command.addAll(args);
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("bench playback compares against " + program + "; install it (apt install ffmpeg)", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            throw new IOException(program + " failed: " + output);
        }
        return output;
    }
}
