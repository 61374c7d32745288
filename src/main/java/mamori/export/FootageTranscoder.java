package mamori.export;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import mamori.audit.RecordingRange;
import mamori.camera.PrivacyMask;
import mamori.playback.FrameSize;
import mamori.playback.MediaSource;
import mamori.playback.RecordingTimeline;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/// Turns a stretch of recording into a plain H.264 MP4 for an [ExportOrder]: the timeline's
/// segment files over the order's span, with its privacy masks covered (unless the
/// order lifts them) and the [ExportWatermark] burned in, encoded with openh264 (FFmpeg's LGPL
/// build, decision 0002 and 0023).
///
/// Pictures stay in YUV 4:2:0 from decoder to encoder: masks and mark are written into the planes,
/// no conversion to RGB and back. Two threads: one reads, decodes and draws, the caller's thread
/// encodes (openh264 on `encoderThreads`), with a few pictures in flight between them.
///
/// Gaps in the span (no recording) are skipped, not filled: the file plays the recorded moments
/// one after another, and [TranscodedExport#gaps()] names what is missing.
public final class FootageTranscoder {

    /// Pictures in flight between the reading and the encoding thread.
    private static final int IN_FLIGHT = 4;
    /// A segment that stops this much before its indexed end is truncated, not just rounded.
    private static final Duration TRUNCATION_TOLERANCE = Duration.ofSeconds(1);
    private static final int MIN_BITRATE = 256_000;
    private static final int MAX_BITRATE = 20_000_000;
    private static final int DEFAULT_BITRATE = 4_000_000;
    private static final int KEY_FRAME_SECONDS = 2;
    /// One decoder thread, the encoder on every core (decision 0023; other counts not yet measured).
    public static final int DECODER_THREADS = 1;
    public static final int ENCODER_THREADS = Math.max(1, Runtime.getRuntime().availableProcessors());

    private final ExportWatermark.Labels labels;
    private final ZoneId zone;
    private final int decoderThreads;
    private final int encoderThreads;

    /// `decoderThreads` and `encoderThreads` are FFmpeg's (decision 0023 has the measured choice).
    public FootageTranscoder(ExportWatermark.Labels labels, ZoneId zone, int decoderThreads, int encoderThreads) {
        this.labels = labels;
        this.zone = zone;
        this.decoderThreads = decoderThreads;
        this.encoderThreads = encoderThreads;
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    /// Writes the export of `order` from `timeline`, with `masks` covered unless the order lifts
    /// them, to `output` (which must not exist; it appears only once complete). `progress` hears
    /// 0..1 by recording time covered, from the calling thread; `cancelled` is asked for every
    /// frame, and once it answers true the partial file is deleted and [ExportCancelledException]
    /// thrown. A damaged or truncated segment is an [ExportException] naming the file.
    public TranscodedExport transcode(ExportOrder order, RecordingTimeline timeline, List<PrivacyMask> masks, Path output,
            DoubleConsumer progress, BooleanSupplier cancelled) throws ExportException, InterruptedException {
        Instant from = order.span().from();
        Instant to = order.span().to();
        List<RecordingTimeline.Piece> pieces = timeline.pieces().stream()
                .filter(piece -> piece.end().isAfter(from) && piece.start().isBefore(to)).toList();
        if (pieces.isEmpty()) {
            throw new ExportException("There is no recording of camera " + order.cameraId() + " between " + from + " and " + to);
        }
        if (Files.exists(output)) {
            throw new ExportException("The export file " + output.getFileName() + " exists already");
        }
        List<Path> files = new ArrayList<>();
        for (RecordingTimeline.Piece piece : pieces) {
            if (!(piece.source() instanceof MediaSource.LocalFile local)) {
                throw new ExportException(piece.source().displayName() + " is a stream: exports are made from recorded files only");
            }
            if (!Files.isReadable(local.file())) {
                throw new ExportException("The recording file " + local.displayName() + " is missing");
            }
            files.add(local.file());
        }
        List<ExportSource> used = new ArrayList<>();
        for (int i = 0; i < pieces.size(); i++) {
            if (cancelled.getAsBoolean()) {
                throw new ExportCancelledException("Export " + order.exportId() + " was cancelled");
            }
            RecordingTimeline.Piece piece = pieces.get(i);
            used.add(new ExportSource(files.get(i).getFileName().toString(), new RecordingRange(piece.start(), piece.end()),
                    sha256(files.get(i))));
        }
        Plan plan = Plan.of(pieces, files, from, to);
        Path parent = output.toAbsolutePath().getParent();
        Path partial;
        try {
            Files.createDirectories(parent);
            partial = Files.createTempFile(parent, "." + output.getFileName(), ".part");
        } catch (IOException e) {
            throw new ExportException("The export file cannot be written in " + parent + ": " + e.getMessage(), e);
        }
        boolean done = false;
        try {
            Encoded encoded = encode(order, plan, order.masksLifted() ? List.of() : masks, partial, progress, cancelled);
            String codec = requireH264(partial);
            try {
                Files.move(partial, output, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                throw new ExportException("The export file " + output.getFileName() + " exists already", e);
            } catch (IOException e) {
                throw new ExportException("The export file could not be moved into place: " + e.getMessage(), e);
            }
            done = true;
            return new TranscodedExport(output, used, new RecordingRange(plan.exportedFrom(), plan.exportedTo()), plan.gaps(),
                    encoded.frames(), Duration.ofNanos(encoded.lengthMicros() * 1000), codec,
                    !order.masksLifted() && !masks.isEmpty());
        } finally {
            if (!done) {
                try {
                    Files.deleteIfExists(partial);
                } catch (IOException e) {
                    // Reported with the export's own failure below: the caller sees that one.
                }
            }
        }
    }

    /// Which part of each piece is used: `[start, end)` in recording time, and where it begins in
    /// the file written (gaps removed).
    private record Part(RecordingTimeline.Piece piece, Path file, Instant start, Instant end, long outputStartMicros) {
    }

    private record Plan(List<Part> parts, List<RecordingRange> gaps, long totalMicros) {

        static Plan of(List<RecordingTimeline.Piece> pieces, List<Path> files, Instant from, Instant to) {
            List<Part> parts = new ArrayList<>();
            List<RecordingRange> gaps = new ArrayList<>();
            Instant covered = from;
            long output = 0;
            for (int i = 0; i < pieces.size(); i++) {
                RecordingTimeline.Piece piece = pieces.get(i);
                Instant start = piece.start().isAfter(covered) ? piece.start() : covered;
                Instant end = piece.end().isBefore(to) ? piece.end() : to;
                if (!end.isAfter(start)) {
                    continue;
                }
                if (start.isAfter(covered) && !parts.isEmpty()) {
                    gaps.add(new RecordingRange(covered, start));
                }
                parts.add(new Part(piece, files.get(i), start, end, output));
                output += micros(Duration.between(start, end));
                covered = end;
            }
            return new Plan(parts, gaps, output);
        }

        Instant exportedFrom() {
            return parts.getFirst().start();
        }

        Instant exportedTo() {
            return parts.getLast().end();
        }
    }

    private record Encoded(long frames, long lengthMicros) {
    }

    /// A picture on its way from the reader to the encoder; `end` and `failure` close the stream.
    private record Picture(ByteBuffer pixels, long outputMicros, ExportException failure, boolean end) {
    }

    private Encoded encode(ExportOrder order, Plan plan, List<PrivacyMask> masks, Path partial, DoubleConsumer progress,
            BooleanSupplier cancelled) throws ExportException, InterruptedException {
        Source first = Source.probe(plan.parts().getFirst().file());
        FrameSize size = first.size();
        double frameRate = first.frameRate();
        ExportWatermark watermark = ExportWatermark.of(order, labels, zone, size);
        PlanarMask mask = PlanarMask.of(masks, size);
        BlockingQueue<ByteBuffer> free = new ArrayBlockingQueue<>(IN_FLIGHT + 2);
        for (int i = 0; i < IN_FLIGHT + 2; i++) {
            free.add(ByteBuffer.allocateDirect(size.width() * size.height() * 3 / 2));
        }
        BlockingQueue<Picture> ready = new ArrayBlockingQueue<>(IN_FLIGHT + 3);
        Reader reader = new Reader(plan, size, frameRate, mask, watermark, free, ready, cancelled);
        Thread readerThread = Thread.ofPlatform().name("export-reader-" + order.exportId()).daemon().unstarted(reader);
        FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(partial.toFile(), size.width(), size.height(), 0);
        recorder.setFormat("mp4");
        recorder.setVideoCodecName("libopenh264");
        recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
        recorder.setFrameRate(frameRate);
        recorder.setGopSize((int) Math.round(frameRate * KEY_FRAME_SECONDS));
        recorder.setVideoBitrate(bitrate(first.bitrate()));
        recorder.setVideoOption("threads", Integer.toString(encoderThreads));
        recorder.setMetadata("title", order.exportId());
        recorder.setMetadata("creation_time", plan.exportedFrom().toString());
        boolean started = false;
        try {
            recorder.start();
            started = true;
            readerThread.start();
            long frames = 0;
            long lastFrameNumber = -1;
            long lastMicros = 0;
            double reported = 0;
            long frameMicros = Math.round(1e6 / frameRate);
            progress.accept(0);
            while (true) {
                if (cancelled.getAsBoolean()) {
                    throw new ExportCancelledException("Export " + order.exportId() + " was cancelled");
                }
                Picture picture = ready.take();
                if (picture.failure() != null) {
                    throw picture.failure();
                }
                if (picture.end()) {
                    break;
                }
                long frameNumber = Math.max(lastFrameNumber + 1, Math.round(picture.outputMicros() * frameRate / 1e6));
                recorder.setFrameNumber((int) frameNumber);
                recorder.recordImage(size.width(), size.height(), Frame.DEPTH_UBYTE, 1, size.width(), avutil.AV_PIX_FMT_YUV420P,
                        picture.pixels().clear());
                free.put(picture.pixels());
                lastFrameNumber = frameNumber;
                lastMicros = picture.outputMicros();
                frames++;
                double now = Math.min(1, (double) (lastMicros + frameMicros) / Math.max(1, plan.totalMicros()));
                if (now >= reported + 0.002) {
                    reported = now;
                    progress.accept(now);
                }
            }
            recorder.stop();
            if (frames == 0) {
                throw new ExportException("The recording between " + plan.exportedFrom() + " and " + plan.exportedTo()
                        + " holds no pictures");
            }
            progress.accept(1);
            return new Encoded(frames, Math.round((lastFrameNumber + 1) * 1e6 / frameRate));
        } catch (FrameRecorder.Exception e) {
            throw new ExportException("Encoding the export failed: " + e.getMessage(), e);
        } finally {
            reader.stop();
            readerThread.interrupt();
            if (readerThread.isAlive() || readerThread.getState() != Thread.State.NEW) {
                readerThread.join();
            }
            if (started) {
                releaseQuietly(recorder);
            }
        }
    }

    private static void releaseQuietly(FFmpegFrameRecorder recorder) {
        try {
            recorder.release();
        } catch (FrameRecorder.Exception | RuntimeException e) {
            // Already stopped or broken: nothing more to free.
        }
    }

    private static int bitrate(int source) {
        if (source <= 0) {
            return DEFAULT_BITRATE;
        }
        return Math.clamp(source, MIN_BITRATE, MAX_BITRATE);
    }

    /// javacv reports the codec it was asked for, not the one FFmpeg used (an FFmpeg without an
    /// H.264 encoder falls back silently): read the file back.
    private static String requireH264(Path file) throws ExportException {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            String codec = grabber.getVideoCodecName();
            grabber.stop();
            if (!"h264".equals(codec)) {
                throw new ExportException("FFmpeg wrote " + codec + " instead of H.264: this FFmpeg build has no H.264 encoder");
            }
            return codec;
        } catch (FrameGrabber.Exception e) {
            throw new ExportException("The export just written cannot be read back: " + e.getMessage(), e);
        }
    }

    static String sha256(Path file) throws ExportException {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] chunk = new byte[1 << 16];
            int read;
            while ((read = in.read(chunk)) > 0) {
                digest.update(chunk, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new ExportException("The recording file " + file.getFileName() + " cannot be read: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static long micros(Duration duration) {
        return duration.toNanos() / 1000;
    }

    /// What the first file says about the pictures: the export is written at its size and rate.
    private record Source(FrameSize size, double frameRate, int bitrate) {

        static Source probe(Path file) throws ExportException {
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
                grabber.start();
                if (!grabber.hasVideo() || grabber.getImageWidth() <= 0) {
                    throw new ExportException("The recording file " + file.getFileName() + " holds no video");
                }
                double rate = grabber.getVideoFrameRate() > 0 ? grabber.getVideoFrameRate() : grabber.getFrameRate();
                FrameSize size = new FrameSize(grabber.getImageWidth() & ~1, grabber.getImageHeight() & ~1);
                int bitrate = grabber.getVideoBitrate();
                grabber.stop();
                return new Source(size, rate > 0 ? rate : 25, bitrate);
            } catch (FrameGrabber.Exception | IllegalArgumentException e) {
                throw damaged(file, e);
            }
        }
    }

    static ExportException damaged(Path file, Exception e) {
        return new ExportException("The recording file " + file.getFileName() + " is damaged or truncated and cannot be exported ("
                + e.getMessage() + ")", e);
    }

    /// Reads the parts in order, decoding on `decoderThreads`, copies each picture out of the
    /// decoder into a free buffer (the decoder still references its own), covers the masks, draws
    /// the mark and hands it to the encoder.
    private final class Reader implements Runnable {

        private final Plan plan;
        private final FrameSize size;
        private final double frameRate;
        private final PlanarMask mask;
        private final ExportWatermark watermark;
        private final BlockingQueue<ByteBuffer> free;
        private final BlockingQueue<Picture> ready;
        private final BooleanSupplier cancelled;
        private volatile boolean stopped;
        private SwsContext scaler;

        Reader(Plan plan, FrameSize size, double frameRate, PlanarMask mask, ExportWatermark watermark, BlockingQueue<ByteBuffer> free,
                BlockingQueue<Picture> ready, BooleanSupplier cancelled) {
            this.plan = plan;
            this.size = size;
            this.frameRate = frameRate;
            this.mask = mask;
            this.watermark = watermark;
            this.free = free;
            this.ready = ready;
            this.cancelled = cancelled;
        }

        void stop() {
            stopped = true;
        }

        @Override
        public void run() {
            try {
                for (Part part : plan.parts()) {
                    if (!read(part)) {
                        return;
                    }
                }
                ready.put(new Picture(null, 0, null, true));
            } catch (ExportException e) {
                ready.offer(new Picture(null, 0, e, false));
            } catch (InterruptedException e) {
                // Stopped by the encoder, which no longer listens.
            } catch (RuntimeException e) {
                ready.offer(new Picture(null, 0, new ExportException("Reading the recording failed: " + e.getMessage(), e), false));
            } finally {
                if (scaler != null) {
                    swscale.sws_freeContext(scaler);
                }
            }
        }

        /// False when stopped or cancelled.
        private boolean read(Part part) throws ExportException, InterruptedException {
            Path file = part.file();
            Instant fileStart = part.piece().start();
            long frameMicros = Math.round(1e6 / frameRate);
            try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
                grabber.setImageMode(FrameGrabber.ImageMode.RAW);
                grabber.setVideoOption("threads", Integer.toString(decoderThreads));
                try {
                    grabber.start();
                } catch (FrameGrabber.Exception e) {
                    throw damaged(file, e);
                }
                if (!grabber.hasVideo()) {
                    throw new ExportException("The recording file " + file.getFileName() + " holds no video");
                }
                long startMicros = micros(Duration.between(fileStart, part.start()));
                if (startMicros > 0) {
                    grabber.setVideoTimestamp(startMicros);
                }
                long endMicros = micros(Duration.between(fileStart, part.end()));
                long lastMicros = -1;
                while (true) {
                    if (stopped || cancelled.getAsBoolean()) {
                        return false;
                    }
                    Frame frame = grabber.grabImage();
                    if (frame == null) {
                        break;
                    }
                    if (!(frame.opaque instanceof AVFrame decoded) || decoded.width() <= 0) {
                        continue;
                    }
                    long at = frame.timestamp;
                    if (at < startMicros || at <= lastMicros) {
                        continue;
                    }
                    if (at >= endMicros) {
                        lastMicros = at;
                        break;
                    }
                    ByteBuffer target = free.take();
                    copy(decoded, target);
                    mask.fill(target);
                    long output = part.outputStartMicros() + (at - startMicros);
                    watermark.draw(target, output / 1e6);
                    ready.put(new Picture(target, output, null, false));
                    lastMicros = at;
                }
                if (lastMicros + 2 * frameMicros < endMicros - micros(TRUNCATION_TOLERANCE)) {
                    throw new ExportException("The recording file " + file.getFileName() + " ends at "
                            + fileStart.plus(Duration.ofNanos(Math.max(0, lastMicros) * 1000)) + ", before its recorded end "
                            + part.piece().end() + ": it is truncated or damaged and cannot be exported");
                }
                return true;
            } catch (FrameGrabber.Exception e) {
                throw damaged(file, e);
            }
        }

        /// Planar 4:2:0 of the export's size is copied row by row; anything else goes through
        /// FFmpeg's scaler.
        private void copy(AVFrame decoded, ByteBuffer target) {
            int format = decoded.format();
            int width = size.width();
            int height = size.height();
            boolean planar420 = format == avutil.AV_PIX_FMT_YUV420P || format == avutil.AV_PIX_FMT_YUVJ420P;
            if (planar420 && decoded.width() >= width && decoded.height() >= height && decoded.width() <= width + 1
                    && decoded.height() <= height + 1) {
                int offset = 0;
                for (int plane = 0; plane < 3; plane++) {
                    int planeWidth = plane == 0 ? width : width / 2;
                    int planeHeight = plane == 0 ? height : height / 2;
                    int stride = decoded.linesize(plane);
                    ByteBuffer source = decoded.data(plane).capacity((long) stride * planeHeight).asByteBuffer();
                    if (stride == planeWidth) {
                        target.put(offset, source, 0, planeWidth * planeHeight);
                    } else {
                        for (int row = 0; row < planeHeight; row++) {
                            target.put(offset + row * planeWidth, source, row * stride, planeWidth);
                        }
                    }
                    offset += planeWidth * planeHeight;
                }
                return;
            }
            scaler = swscale.sws_getCachedContext(scaler, decoded.width(), decoded.height(), format, width, height,
                    avutil.AV_PIX_FMT_YUV420P, swscale.SWS_BILINEAR, null, null, (DoublePointer) null);
            if (scaler == null) {
                throw new IllegalStateException("FFmpeg cannot convert pixel format " + format);
            }
            try (BytePointer base = new BytePointer(target);
                    PointerPointer<BytePointer> planes = new PointerPointer<>(4);
                    IntPointer strides = new IntPointer(width, width / 2, width / 2, 0)) {
                planes.put(0, base);
                planes.put(1, new BytePointer(base).position((long) width * height));
                planes.put(2, new BytePointer(base).position((long) width * height + (long) (width / 2) * (height / 2)));
                swscale.sws_scale(scaler, decoded.data(), decoded.linesize(), 0, decoded.height(), planes, strides);
            }
        }
    }
}
