package mamori.playback;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/// An ONVIF recording on screen: [ReplayPictures] decodes the replay, this seeks, drops and scales.
/// Every picture's offset comes from the 0xABAC extension's NTP time, not from counting frames.
/// Seeks are PLAYs with an absolute `Range: clock=`; the recorder starts at the key frame at or
/// before the time, and an exact seek decodes and drops the frames before it.
final class OnvifReplayDecoder implements VideoDecoder {

    /// Frames decoded and dropped at most after an exact seek (a long group of pictures at 60 fps).
    private static final int MAX_DROPPED = 1_200;

    private final MediaSource.OnvifReplay source;
    private final ReplayPictures pictures;
    private final FrameSize size;
    private final PictureScaler scaler;
    private ZoomRegion zoom = ZoomRegion.WHOLE;
    private Instant dropBefore;

    private OnvifReplayDecoder(MediaSource.OnvifReplay source, ReplayPictures pictures, FrameSize size, PictureScaler scaler) {
        this.source = source;
        this.pictures = pictures;
        this.size = size;
        this.scaler = scaler;
    }

    /// Connects, sets up and plays from the recording's start: the first two units tell the frame rate.
    static OnvifReplayDecoder open(MediaSource.OnvifReplay source, FrameSize size, int threads) throws PlaybackException {
        ReplayPictures pictures = ReplayPictures.open(source, source.start(), threads, unit -> { });
        try {
            return new OnvifReplayDecoder(source, pictures, size, new PictureScaler(size));
        } catch (RuntimeException e) {
            pictures.close();
            throw e;
        }
    }

    @Override
    public Optional<DecodedFrame> next(ByteBuffer target) throws PlaybackException {
        for (int dropped = 0; dropped <= MAX_DROPPED; dropped++) {
            Optional<AVFrame> picture = pictures.next();
            if (picture.isEmpty()) {
                return Optional.empty();
            }
            Instant recorded = pictures.recorded();
            if (dropBefore != null && recorded.isBefore(dropBefore)) {
                continue;
            }
            dropBefore = null;
            ZoomRegion shown = scaler.convert(picture.get(), target, zoom);
            return Optional.of(new DecodedFrame(target, size.width(), size.height(), size.width() * 4,
                    Duration.between(source.start(), recorded), shown));
        }
        throw new PlaybackException(PlaybackException.Kind.UNREADABLE, source.displayName() + ": no picture to show among "
                + MAX_DROPPED + " frames (a seek's time never reached)");
    }

    @Override
    public void seekExact(Duration offset) throws PlaybackException {
        Instant at = source.start().plus(offset);
        pictures.replayFrom(at);
        dropBefore = at.minusNanos(Math.round(0.5e9 / pictures.frameRate()));
    }

    @Override
    public void seekKeyFrame(Duration offset) throws PlaybackException {
        pictures.replayFrom(source.start().plus(offset));
        dropBefore = null;
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
        return (int) Math.max(1, Math.round(pictures.frameRate()));
    }

    /// The size of the replay's pictures: the first frame decoded at its own size.
    static FrameSize probe(MediaSource.OnvifReplay source) throws PlaybackException {
        try (ReplayPictures pictures = ReplayPictures.open(source, source.start(), 1, unit -> { })) {
            if (pictures.next().isEmpty()) {
                throw new PlaybackException(PlaybackException.Kind.UNSUPPORTED, source.displayName() + " holds no video");
            }
            return pictures.pictureSize();
        }
    }

    @Override
    public void close() {
        pictures.close();
        scaler.close();
    }
}
