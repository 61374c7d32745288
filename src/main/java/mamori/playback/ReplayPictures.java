package mamori.playback;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import mamori.replay.AccessUnit;
import mamori.replay.ReplayAccount;
import mamori.replay.ReplayClient;
import mamori.replay.ReplayException;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avcodec;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacpp.PointerPointer;

/// The pictures of an ONVIF recording replayed by [ReplayClient] and decoded by libavcodec (H.264
/// or H.265), each with its recording time: every access unit goes in as one AVPacket (no
/// container demuxer), stamped with its time from the 0xABAC extension's NTP clock, so a picture's
/// time is the recorder's, not a count of frames. The screen's decoder and the export both read
/// replays through this one class.
///
/// A replay starts at the key frame at or before the instant asked for (the recorder's rule);
/// dropping the pictures before an exact time is the caller's business.
public final class ReplayPictures implements AutoCloseable {

    /// Every read from the recorder waits at most this (as FFmpeg's RTSP timeout for plain streams).
    public static final Duration READ_TIMEOUT = FfmpegEngine.STREAM_TIMEOUT;
    /// Every RTSP request (DESCRIBE, SETUP, PLAY) is answered within this, or the recorder is lost.
    public static final Duration REQUEST_LIMIT = Duration.ofSeconds(4);
    /// Units fed without a picture coming out before the replay counts as undecodable.
    static final int MAX_UNITS_WITHOUT_PICTURE = 2_400;
    /// Units read ahead to tell the frame rate: in decode order, B-frames put the two nearest
    /// pictures up to three units apart.
    private static final int RATE_UNITS = 4;
    private static final double DEFAULT_FRAME_RATE = 30;
    /// libavcodec/avcodec.h (javacv does not export it).
    private static final int FF_THREAD_SLICE = 2;

    private final MediaSource.OnvifReplay source;
    private final ReplayClient client;
    private final Consumer<AccessUnit> received;
    private final AVCodecContext context;
    private final AVPacket packet;
    private final AVFrame picture;
    private final Deque<AccessUnit> pending = new ArrayDeque<>();
    private final double frameRate;
    private boolean parameterSetsSent;
    private boolean drained;
    private boolean holding;
    private Instant recorded;

    private ReplayPictures(MediaSource.OnvifReplay source, ReplayClient client, int threads, Consumer<AccessUnit> received)
            throws PlaybackException {
        this.source = source;
        this.client = client;
        this.received = received;
        boolean hevc = client.codec().equals("H265");
        AVCodec codec = avcodec.avcodec_find_decoder(hevc ? avcodec.AV_CODEC_ID_HEVC : avcodec.AV_CODEC_ID_H264);
        if (codec == null) {
            throw new PlaybackException(PlaybackException.Kind.UNSUPPORTED, source.displayName() + ": this FFmpeg has no "
                    + (hevc ? "H.265" : "H.264") + " decoder");
        }
        context = avcodec.avcodec_alloc_context3(codec);
        // Slice threads only: frame threads would hold back a frame per thread, and a seek's first frame.
        context.thread_count(threads);
        context.thread_type(FF_THREAD_SLICE);
        if (avcodec.avcodec_open2(context, codec, (PointerPointer<?>) null) < 0) {
            avcodec.avcodec_free_context(context);
            throw new PlaybackException(PlaybackException.Kind.UNSUPPORTED, source.displayName() + ": the video decoder does not open");
        }
        packet = avcodec.av_packet_alloc();
        picture = avutil.av_frame_alloc();
        try {
            this.frameRate = measureFrameRate();
        } catch (PlaybackException | RuntimeException e) {
            // The client is still [#open]'s to close.
            freeDecoder();
            throw e;
        }
    }

    /// Connects, sets up and plays from `at` (at the latest the recording's start); `received`
    /// hears every access unit as it comes from the recorder, before it is decoded.
    public static ReplayPictures open(MediaSource.OnvifReplay source, Instant at, int threads, Consumer<AccessUnit> received)
            throws PlaybackException {
        Optional<ReplayAccount> account = source.credentials().map(each -> new ReplayAccount(each.user(), each.password()));
        ReplayClient client;
        try {
            client = ReplayClient.open(source.uri(), account, READ_TIMEOUT, REQUEST_LIMIT, System::nanoTime);
        } catch (ReplayException e) {
            throw failure(e);
        }
        try {
            client.play(at.isBefore(source.start()) ? source.start() : at);
            return new ReplayPictures(source, client, threads, received);
        } catch (ReplayException e) {
            client.close();
            throw failure(e);
        } catch (PlaybackException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /// The recorder's messages name the replay URI (never the account); the kinds map one to one,
    /// with what is not RTSP as specified counted as unreadable (no point in reconnecting to it).
    public static PlaybackException failure(ReplayException e) {
        PlaybackException.Kind kind = switch (e.kind()) {
            case NOT_AUTHORIZED -> PlaybackException.Kind.NOT_AUTHORIZED;
            case CONNECTION_LOST -> PlaybackException.Kind.CONNECTION_LOST;
            case UNSUPPORTED -> PlaybackException.Kind.UNSUPPORTED;
            case PROTOCOL -> PlaybackException.Kind.UNREADABLE;
        };
        return new PlaybackException(kind, "ONVIF replay " + e.getMessage(), e);
    }

    /// The first units tell the frame rate (the smallest step between their recording times);
    /// they are kept for the decoder.
    private double measureFrameRate() throws PlaybackException {
        try {
            for (int i = 0; i < RATE_UNITS; i++) {
                Optional<AccessUnit> unit = receive();
                if (unit.isEmpty()) {
                    break;
                }
                pending.addLast(unit.get());
            }
        } catch (ReplayException e) {
            throw failure(e);
        }
        List<Instant> times = pending.stream().map(AccessUnit::recorded).sorted().toList();
        long step = Long.MAX_VALUE;
        for (int i = 1; i < times.size(); i++) {
            long nanos = Duration.between(times.get(i - 1), times.get(i)).toNanos();
            step = nanos > 0 ? Math.min(step, nanos) : step;
        }
        return step == Long.MAX_VALUE ? DEFAULT_FRAME_RATE : Math.clamp(1e9 / step, 0.1, 240);
    }

    /// The next picture in display order, or empty at the recording's end. The frame is the
    /// decoder's own and stays valid only until the next call (or a replay from elsewhere).
    public Optional<AVFrame> next() throws PlaybackException {
        releasePicture();
        try {
            for (int fed = 0; fed <= MAX_UNITS_WITHOUT_PICTURE; ) {
                int got = avcodec.avcodec_receive_frame(context, picture);
                if (got == 0) {
                    holding = true;
                    recorded = source.start().plusNanos(picture.best_effort_timestamp() * 1000);
                    return Optional.of(picture);
                }
                if (got == avutil.AVERROR_EOF()) {
                    return Optional.empty();
                }
                if (got != avutil.AVERROR_EAGAIN()) {
                    throw new PlaybackException(PlaybackException.Kind.UNREADABLE, source.displayName() + ": the video decoder failed (" + got + ")");
                }
                if (drained) {
                    return Optional.empty();
                }
                Optional<AccessUnit> unit = pending.isEmpty() ? receive() : Optional.of(pending.removeFirst());
                if (unit.isEmpty()) {
                    // The end of the recording: the decoder gives out what it still holds.
                    avcodec.avcodec_send_packet(context, null);
                    drained = true;
                    continue;
                }
                send(unit.get());
                fed++;
            }
            throw new PlaybackException(PlaybackException.Kind.UNREADABLE, source.displayName() + ": no picture among "
                    + MAX_UNITS_WITHOUT_PICTURE + " frames received (frames that do not decode)");
        } catch (ReplayException e) {
            throw failure(e);
        }
    }

    private Optional<AccessUnit> receive() throws ReplayException {
        Optional<AccessUnit> unit = client.next();
        unit.ifPresent(received);
        return unit;
    }

    /// The recording time of the picture [#next] gave last.
    public Instant recorded() {
        return recorded;
    }

    private void send(AccessUnit unit) throws PlaybackException {
        byte[] data = unit.annexB();
        byte[] sets = !parameterSetsSent ? client.parameterSets().orElse(new byte[0]) : new byte[0];
        parameterSetsSent = true;
        if (avcodec.av_new_packet(packet, sets.length + data.length) < 0) {
            throw new PlaybackException(PlaybackException.Kind.UNREADABLE, source.displayName() + ": no memory for a frame of " + data.length + " bytes");
        }
        packet.data().put(sets, 0, sets.length);
        packet.data().position(sets.length).put(data, 0, data.length).position(0);
        packet.pts(Duration.between(source.start(), unit.recorded()).toNanos() / 1000);
        packet.dts(avutil.AV_NOPTS_VALUE);
        if (unit.keyFrame()) {
            packet.flags(packet.flags() | avcodec.AV_PKT_FLAG_KEY);
        }
        int sent = avcodec.avcodec_send_packet(context, packet);
        avcodec.av_packet_unref(packet);
        // A damaged unit (AVERROR_INVALIDDATA) is skipped, as FFmpeg's own RTSP demuxer would.
        if (sent < 0 && sent != avutil.AVERROR_INVALIDDATA() && sent != avutil.AVERROR_EAGAIN()) {
            throw new PlaybackException(PlaybackException.Kind.UNREADABLE, source.displayName() + ": the video decoder refused a frame (" + sent + ")");
        }
    }

    /// Replays from `at` (at the latest the recording's start), from the key frame at or before it.
    public void replayFrom(Instant at) throws PlaybackException {
        try {
            // PAUSE first: GStreamer's ONVIF server, asked for an Immediate re-PLAY while it is still
            // starting up, sometimes begins at the key frame after the time asked for.
            client.pause();
            client.play(at.isBefore(source.start()) ? source.start() : at);
        } catch (ReplayException e) {
            throw failure(e);
        }
        releasePicture();
        pending.clear();
        avcodec.avcodec_flush_buffers(context);
        parameterSetsSent = false;
        drained = false;
    }

    /// Pictures per second of recording time (a time-lapse camera may record fewer than one).
    public double frameRate() {
        return frameRate;
    }

    /// The coded size, known once a picture has been decoded.
    public FrameSize pictureSize() {
        return new FrameSize(context.width(), context.height());
    }

    private void releasePicture() {
        if (holding) {
            avutil.av_frame_unref(picture);
            holding = false;
        }
    }

    @Override
    public void close() {
        client.close();
        freeDecoder();
    }

    private void freeDecoder() {
        releasePicture();
        avcodec.av_packet_free(packet);
        avutil.av_frame_free(picture);
        avcodec.avcodec_free_context(context);
    }
}
