package mamori.playback;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
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

/// An ONVIF recording replayed by [ReplayClient] and decoded by libavcodec (H.264 or H.265): each
/// access unit goes in as one AVPacket (no container demuxer), stamped with its recording time, so
/// every picture's offset comes from the 0xABAC extension's NTP time, not from counting frames.
/// Seeks are PLAYs with an absolute `Range: clock=`; the recorder starts at the key frame at or
/// before the time, and an exact seek decodes and drops the frames before it.
final class OnvifReplayDecoder implements VideoDecoder {

    /// Every read from the recorder waits at most this (as FFmpeg's RTSP timeout for plain streams).
    static final Duration READ_TIMEOUT = FfmpegEngine.STREAM_TIMEOUT;
    /// Every RTSP request (DESCRIBE, SETUP, PLAY) is answered within this, or the recorder is lost.
    static final Duration REQUEST_LIMIT = Duration.ofSeconds(4);
    /// Frames decoded and dropped at most after an exact seek (a long group of pictures at 60 fps).
    private static final int MAX_DROPPED = 1_200;
    private static final int DEFAULT_FRAME_RATE = 30;
    /// libavcodec/avcodec.h (javacv does not export it).
    private static final int FF_THREAD_SLICE = 2;

    private final MediaSource.OnvifReplay source;
    private final ReplayClient client;
    private final FrameSize size;
    private final AVCodecContext context;
    private final AVPacket packet;
    private final AVFrame picture;
    private final PictureScaler scaler;
    private final Deque<AccessUnit> pending = new ArrayDeque<>();
    private final int frameRate;
    private ZoomRegion zoom = ZoomRegion.WHOLE;
    private boolean parameterSetsSent;
    private boolean drained;
    private Instant dropBefore;

    private OnvifReplayDecoder(MediaSource.OnvifReplay source, ReplayClient client, FrameSize size, int threads) throws PlaybackException {
        this.source = source;
        this.client = client;
        this.size = size;
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
        scaler = new PictureScaler(size);
        this.frameRate = measureFrameRate();
    }

    /// Connects, sets up and plays from the recording's start: the first two units tell the frame rate.
    static OnvifReplayDecoder open(MediaSource.OnvifReplay source, FrameSize size, int threads) throws PlaybackException {
        Optional<ReplayAccount> account = source.credentials().map(each -> new ReplayAccount(each.user(), each.password()));
        ReplayClient client;
        try {
            client = ReplayClient.open(source.uri(), account, READ_TIMEOUT, REQUEST_LIMIT, System::nanoTime);
        } catch (ReplayException e) {
            throw failure(e);
        }
        try {
            client.play(source.start());
            return new OnvifReplayDecoder(source, client, size, threads);
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
    static PlaybackException failure(ReplayException e) {
        PlaybackException.Kind kind = switch (e.kind()) {
            case NOT_AUTHORIZED -> PlaybackException.Kind.NOT_AUTHORIZED;
            case CONNECTION_LOST -> PlaybackException.Kind.CONNECTION_LOST;
            case UNSUPPORTED -> PlaybackException.Kind.UNSUPPORTED;
            case PROTOCOL -> PlaybackException.Kind.UNREADABLE;
        };
        return new PlaybackException(kind, "ONVIF replay " + e.getMessage(), e);
    }

    private int measureFrameRate() throws PlaybackException {
        try {
            for (int i = 0; i < 2; i++) {
                Optional<AccessUnit> unit = client.next();
                if (unit.isEmpty()) {
                    break;
                }
                pending.addLast(unit.get());
            }
        } catch (ReplayException e) {
            close();
            throw failure(e);
        }
        if (pending.size() < 2) {
            return DEFAULT_FRAME_RATE;
        }
        long nanos = Duration.between(pending.getFirst().recorded(), pending.getLast().recorded()).toNanos();
        return nanos <= 0 ? DEFAULT_FRAME_RATE : (int) Math.max(1, Math.min(240, Math.round(1e9 / nanos)));
    }

    @Override
    public Optional<DecodedFrame> next(ByteBuffer target) throws PlaybackException {
        try {
            for (int dropped = 0, fed = 0; dropped <= MAX_DROPPED && fed <= 2 * MAX_DROPPED; ) {
                int received = avcodec.avcodec_receive_frame(context, picture);
                if (received == 0) {
                    Instant recorded = source.start().plusNanos(picture.best_effort_timestamp() * 1000);
                    if (dropBefore != null && recorded.isBefore(dropBefore)) {
                        avutil.av_frame_unref(picture);
                        dropped++;
                        continue;
                    }
                    dropBefore = null;
                    ZoomRegion shown = scaler.convert(picture, target, zoom);
                    avutil.av_frame_unref(picture);
                    return Optional.of(new DecodedFrame(target, size.width(), size.height(), size.width() * 4,
                            Duration.between(source.start(), recorded), shown));
                }
                if (received == avutil.AVERROR_EOF()) {
                    return Optional.empty();
                }
                if (received != avutil.AVERROR_EAGAIN()) {
                    throw new PlaybackException(PlaybackException.Kind.UNREADABLE, source.displayName() + ": the video decoder failed (" + received + ")");
                }
                if (drained) {
                    return Optional.empty();
                }
                Optional<AccessUnit> unit = pending.isEmpty() ? client.next() : Optional.of(pending.removeFirst());
                if (unit.isEmpty()) {
                    // The end of the recording: the decoder gives out what it still holds.
                    avcodec.avcodec_send_packet(context, null);
                    drained = true;
                    continue;
                }
                send(unit.get());
                fed++;
            }
            throw new PlaybackException(PlaybackException.Kind.UNREADABLE, source.displayName() + ": no picture to show among "
                    + MAX_DROPPED + " frames (a seek's time never reached, or frames that do not decode)");
        } catch (ReplayException e) {
            throw failure(e);
        }
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

    @Override
    public void seekExact(Duration offset) throws PlaybackException {
        Instant at = source.start().plus(offset);
        replayFrom(at);
        dropBefore = at.minusNanos(500_000_000L / frameRate);
    }

    @Override
    public void seekKeyFrame(Duration offset) throws PlaybackException {
        replayFrom(source.start().plus(offset));
        dropBefore = null;
    }

    private void replayFrom(Instant at) throws PlaybackException {
        try {
            // PAUSE first: GStreamer's ONVIF server, asked for an Immediate re-PLAY while it is still
            // starting up, sometimes begins at the key frame after the time asked for.
            client.pause();
            client.play(at.isBefore(source.start()) ? source.start() : at);
        } catch (ReplayException e) {
            throw failure(e);
        }
        pending.clear();
        avcodec.avcodec_flush_buffers(context);
        parameterSetsSent = false;
        drained = false;
    }

    @Override
    public void zoom(ZoomRegion region) {
        this.zoom = region;
    }

    @Override
    public Duration length() {
        return Duration.between(source.start(), source.end());
    }

    @Override
    public int frameRate() {
        return frameRate;
    }

    /// The size of the replay's pictures: the first frame decoded at its own size.
    static FrameSize probe(MediaSource.OnvifReplay source) throws PlaybackException {
        try (OnvifReplayDecoder decoder = open(source, new FrameSize(16, 16), 1)) {
            return decoder.firstPictureSize();
        }
    }

    private FrameSize firstPictureSize() throws PlaybackException {
        ByteBuffer scratch = ByteBuffer.allocateDirect(size.bytesBgra());
        if (next(scratch).isEmpty()) {
            throw new PlaybackException(PlaybackException.Kind.UNSUPPORTED, source.displayName() + " holds no video");
        }
        return new FrameSize(context.width(), context.height());
    }

    @Override
    public void close() {
        client.close();
        scaler.close();
        avcodec.av_packet_free(packet);
        avutil.av_frame_free(picture);
        avcodec.avcodec_free_context(context);
    }
}
