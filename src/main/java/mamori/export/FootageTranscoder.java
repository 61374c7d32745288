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
import java.util.Comparator;
import java.util.HexFormat;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import mamori.audit.RecordingRange;
import mamori.camera.PrivacyMask;
import mamori.playback.FrameSize;
import mamori.playback.MediaSource;
import mamori.playback.PlaybackException;
import mamori.playback.RecordingTimeline;
import mamori.playback.ReplayPictures;
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
/// segment files or ONVIF replays (decision 0039) over the order's span, with its privacy masks
/// covered (unless the order lifts them) and the [ExportWatermark] burned in, encoded with
/// openh264 (FFmpeg's LGPL build, decision 0002 and 0023).
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
    /// A replay whose pictures jump by more than this has a gap there (as between segment files).
    private static final Duration REPLAY_GAP = Duration.ofSeconds(1);
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
    /// thrown. A damaged or truncated segment is an [ExportException] naming the file; a replay
    /// that ends early or a recorder that stops answering is one naming the replay.
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
        for (RecordingTimeline.Piece piece : pieces) {
            if (piece.source() instanceof MediaSource.Rtsp stream) {
                throw new ExportException(stream.displayName() + " is a plain RTSP stream: exports are made from recorded files"
                        + " and ONVIF replays only");
            }
            if (piece.source() instanceof MediaSource.LocalFile local && !Files.isReadable(local.file())) {
                throw new ExportException("The recording file " + local.displayName() + " is missing");
            }
        }
        // A file's hash is taken before it is read; a replay's as its units arrive (decision 0039).
        Map<RecordingTimeline.Piece, ExportSource> fileSources = new HashMap<>();
        for (RecordingTimeline.Piece piece : pieces) {
            if (cancelled.getAsBoolean()) {
                throw new ExportCancelledException("Export " + order.exportId() + " was cancelled");
            }
            if (piece.source() instanceof MediaSource.LocalFile local) {
                fileSources.put(piece, ExportSource.file(local.displayName(), new RecordingRange(piece.start(), piece.end()),
                        sha256(local.file())));
            }
        }
        Plan plan = Plan.of(pieces, from, to);
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
            List<ExportSource> used = new ArrayList<>();
            for (RecordingTimeline.Piece piece : pieces) {
                ExportSource source = fileSources.containsKey(piece) ? fileSources.get(piece) : encoded.replaySources().get(piece);
                if (source != null) {
                    used.add(source);
                }
            }
            List<RecordingRange> gaps = new ArrayList<>(plan.gaps());
            gaps.addAll(encoded.replayGaps());
            gaps.sort(Comparator.comparing(RecordingRange::from));
            String codec = requireH264(partial);
            try {
                Files.move(partial, output, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                throw new ExportException("The export file " + output.getFileName() + " exists already", e);
            } catch (IOException e) {
                throw new ExportException("The export file could not be moved into place: " + e.getMessage(), e);
            }
            done = true;
            return new TranscodedExport(output, used, new RecordingRange(plan.exportedFrom(), plan.exportedTo()), gaps,
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
    private record Part(RecordingTimeline.Piece piece, Instant start, Instant end, long outputStartMicros) {
    }

    private record Plan(List<Part> parts, List<RecordingRange> gaps, long totalMicros) {

        static Plan of(List<RecordingTimeline.Piece> pieces, Instant from, Instant to) {
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
                parts.add(new Part(piece, start, end, output));
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

    /// What was encoded, with what only reading a replay tells: its gaps and its source entry.
    private record Encoded(long frames, long lengthMicros, List<RecordingRange> replayGaps,
            Map<RecordingTimeline.Piece, ExportSource> replaySources) {
    }

    /// A picture on its way from the reader to the encoder; `end` and `failure` close the stream.
    private record Picture(ByteBuffer pixels, long outputMicros, ExportException failure, boolean end) {
    }

    private Encoded encode(ExportOrder order, Plan plan, List<PrivacyMask> masks, Path partial, DoubleConsumer progress,
            BooleanSupplier cancelled) throws ExportException, InterruptedException {
        Source first = Source.probe(plan.parts().getFirst(), decoderThreads);
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
            return new Encoded(frames, Math.round((lastFrameNumber + 1) * 1e6 / frameRate), List.copyOf(reader.replayGaps),
                    Map.copyOf(reader.replaySources));
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
            MessageDigest digest = sha256Digest();
            byte[] chunk = new byte[1 << 16];
            int read;
            while ((read = in.read(chunk)) > 0) {
                digest.update(chunk, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new ExportException("The recording file " + file.getFileName() + " cannot be read: " + e.getMessage(), e);
        }
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Instant toMillis(Instant at) {
        return Instant.ofEpochMilli(at.plusNanos(500_000).toEpochMilli());
    }

    private static long micros(Duration duration) {
        return duration.toNanos() / 1000;
    }

    /// What the first part says about the pictures: the export is written at its size and rate.
    private record Source(FrameSize size, double frameRate, int bitrate) {

        /// Recording time a replay is read for to estimate its bit rate.
        private static final Duration BITRATE_SAMPLE = Duration.ofSeconds(2);

        static Source probe(Part part, int threads) throws ExportException {
            return switch (part.piece().source()) {
                case MediaSource.LocalFile local -> probe(local.file());
                case MediaSource.OnvifReplay replay -> probe(replay, part.start(), threads);
                case MediaSource.Rtsp stream -> throw new IllegalArgumentException("refused before: " + stream.displayName());
            };
        }

        private static Source probe(Path file) throws ExportException {
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

        /// A replay has no container to ask: the size is the first picture's, the rate the
        /// recorder's timing, the bit rate that of the units of the first two seconds.
        private static Source probe(MediaSource.OnvifReplay replay, Instant at, int threads) throws ExportException {
            long[] bytes = {0};
            Instant[] units = {null, null};
            try (ReplayPictures pictures = ReplayPictures.open(replay, at, threads, unit -> {
                bytes[0] += unit.annexB().length;
                units[0] = units[0] == null ? unit.recorded() : units[0];
                units[1] = unit.recorded();
            })) {
                if (pictures.next().isEmpty()) {
                    throw new ExportException("The ONVIF replay " + replay.displayName() + " holds no video");
                }
                FrameSize coded = pictures.pictureSize();
                boolean more = true;
                while (more && Duration.between(units[0], units[1]).compareTo(BITRATE_SAMPLE) < 0) {
                    more = pictures.next().isPresent();
                }
                double seconds = Duration.between(units[0], units[1]).toNanos() / 1e9 + 1.0 / pictures.frameRate();
                return new Source(new FrameSize(coded.width() & ~1, coded.height() & ~1), pictures.frameRate(),
                        (int) Math.min(Integer.MAX_VALUE, Math.round(bytes[0] * 8 / seconds)));
            } catch (PlaybackException e) {
                throw replayFailed(replay, e);
            }
        }
    }

    /// A recorder that stops answering is named as such: the export can be made again once it is back.
    static ExportException replayFailed(MediaSource.OnvifReplay replay, PlaybackException e) {
        String message = e.kind() == PlaybackException.Kind.CONNECTION_LOST
                ? "The recorder stopped answering (" + e.getMessage()
                        + "): nothing was exported; make the export again once the recorder is back"
                : "The recording could not be read from the recorder for the export: " + e.getMessage();
        return new ExportException(message, e);
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
        /// Replay gaps found while reading and the replay sources read, for the encoder once done.
        private final List<RecordingRange> replayGaps = new ArrayList<>();
        private final Map<RecordingTimeline.Piece, ExportSource> replaySources = new HashMap<>();
        /// Output time taken out so far for replay gaps: later pictures move up by this.
        private long removedMicros;
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
                        // Cancelled: the encoder may be waiting for a picture, so it hears it here.
                        if (!stopped) {
                            ready.offer(new Picture(null, 0, new ExportCancelledException("The export was cancelled"), false));
                        }
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
            return switch (part.piece().source()) {
                case MediaSource.LocalFile local -> readFile(part, local.file());
                case MediaSource.OnvifReplay replay -> readReplay(part, replay);
                case MediaSource.Rtsp stream -> throw new IllegalArgumentException("refused before: " + stream.displayName());
            };
        }

        private boolean readFile(Part part, Path file) throws ExportException, InterruptedException {
            Instant fileStart = part.piece().start();
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
                    emit(decoded, part.outputStartMicros() - removedMicros + (at - startMicros));
                    lastMicros = at;
                }
                if (endsEarly(lastMicros, endMicros)) {
                    throw new ExportException("The recording file " + file.getFileName() + " ends at "
                            + fileStart.plus(Duration.ofNanos(Math.max(0, lastMicros) * 1000)) + ", before its recorded end "
                            + part.piece().end() + ": it is truncated or damaged and cannot be exported");
                }
                return true;
            } catch (FrameGrabber.Exception e) {
                throw damaged(file, e);
            }
        }

        /// A replay starts at the key frame at or before the part's start: the pictures before it
        /// are decoded and dropped. A jump of over [#REPLAY_GAP] between two pictures is a gap in
        /// the recording, skipped and named as the gaps between files are. The units received
        /// before the part's end are hashed in the order they came.
        private boolean readReplay(Part part, MediaSource.OnvifReplay replay) throws ExportException, InterruptedException {
            MessageDigest digest = sha256Digest();
            Instant[] firstUnit = {null};
            Duration frame = Duration.ofNanos(Math.round(1e9 / frameRate));
            try (ReplayPictures pictures = ReplayPictures.open(replay, part.start(), decoderThreads, unit -> {
                if (unit.recorded().isBefore(part.end())) {
                    firstUnit[0] = firstUnit[0] == null ? unit.recorded() : firstUnit[0];
                    digest.update(unit.annexB());
                }
            })) {
                Instant last = null;
                Instant covered = part.start();
                while (true) {
                    if (stopped || cancelled.getAsBoolean()) {
                        return false;
                    }
                    Optional<AVFrame> decoded = pictures.next();
                    if (decoded.isEmpty()) {
                        break;
                    }
                    Instant at = pictures.recorded();
                    if (at.isBefore(part.start()) || last != null && !at.isAfter(last) || decoded.get().width() <= 0) {
                        continue;
                    }
                    if (!at.isBefore(part.end())) {
                        break;
                    }
                    if (Duration.between(covered, at).compareTo(REPLAY_GAP) > 0) {
                        // To the millisecond: NTP fractions and frame times do not land on it.
                        RecordingRange gap = new RecordingRange(toMillis(covered), toMillis(at));
                        replayGaps.add(gap);
                        removedMicros += micros(Duration.between(gap.from(), gap.to()));
                    }
                    emit(decoded.get(), part.outputStartMicros() - removedMicros + micros(Duration.between(part.start(), at)));
                    last = at;
                    covered = at.plus(frame);
                }
                if (last == null || endsEarly(micros(Duration.between(part.start(), last)),
                        micros(Duration.between(part.start(), part.end())))) {
                    throw new ExportException("The recorder's replay " + replay.displayName() + " ends at "
                            + (last == null ? part.start() : last) + ", before " + part.end() + " (it reported recording up to "
                            + part.piece().end() + "): the span cannot be exported whole");
                }
                replaySources.put(part.piece(), ExportSource.replay(replay.uri(), new RecordingRange(firstUnit[0], part.end()),
                        HexFormat.of().formatHex(digest.digest())));
                return true;
            } catch (PlaybackException e) {
                throw replayFailed(replay, e);
            }
        }

        /// Copies the decoder's picture out, covers the masks, draws the mark, hands it to the encoder.
        private void emit(AVFrame decoded, long outputMicros) throws InterruptedException {
            ByteBuffer target = free.take();
            copy(decoded, target);
            mask.fill(target);
            watermark.draw(target, outputMicros / 1e6);
            ready.put(new Picture(target, outputMicros, null, false));
        }

        /// Whether a part whose last picture is at `lastMicros` stops short of `endMicros` (both
        /// from the same origin) by more than two frames and the tolerance.
        private boolean endsEarly(long lastMicros, long endMicros) {
            return lastMicros + 2 * Math.round(1e6 / frameRate) < endMicros - micros(TRUNCATION_TOLERANCE);
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
