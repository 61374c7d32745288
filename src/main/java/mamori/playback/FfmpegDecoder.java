package mamori.playback;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/// A file opened by [FfmpegEngine]. The grabber hands out the decoder's own picture (no
/// conversion); the [PictureScaler] then converts it straight into the buffer the screen lent, at
/// the size shown: one pass over the pixels, no copy.
final class FfmpegDecoder implements VideoDecoder {

    private final FFmpegFrameGrabber grabber;
    private final String name;
    private final boolean stream;
    private long lastTimestampMicros = -1;
    private final FrameSize size;
    private final int frameRate;
    private final Duration length;
    private final PictureScaler scaler;
    private ZoomRegion zoom = ZoomRegion.WHOLE;

    private FfmpegDecoder(FFmpegFrameGrabber grabber, MediaSource source, FrameSize size) {
        this.grabber = grabber;
        this.name = source.displayName();
        this.stream = source instanceof MediaSource.Rtsp;
        this.size = size;
        this.frameRate = (int) Math.round(grabber.getVideoFrameRate() > 0 ? grabber.getVideoFrameRate() : grabber.getFrameRate());
        this.length = Duration.ofNanos(grabber.getLengthInTime() * 1000);
        this.scaler = new PictureScaler(size);
    }

    static FfmpegDecoder start(FFmpegFrameGrabber grabber, MediaSource source, FrameSize size) throws PlaybackException {
        grabber.setImageMode(FrameGrabber.ImageMode.RAW);
        try {
            grabber.start();
        } catch (FrameGrabber.Exception e) {
            closeQuietly(grabber);
            throw openFailure(source, e);
        }
        if (!grabber.hasVideo()) {
            closeQuietly(grabber);
            throw new PlaybackException(PlaybackException.Kind.UNSUPPORTED, source.displayName() + " holds no video");
        }
        return new FfmpegDecoder(grabber, source, size);
    }

    /// FFmpeg's own message about a stream names the URI with its password: for streams only the
    /// error code is kept, and the exception is not attached.
    static PlaybackException openFailure(MediaSource source, Exception e) {
        String message = String.valueOf(e.getMessage());
        String name = source.displayName();
        if (message.contains("avcodec_find_decoder") || message.contains("Unsupported")) {
            return new PlaybackException(PlaybackException.Kind.UNSUPPORTED, name + " uses a video format this player cannot decode");
        }
        if (source instanceof MediaSource.Rtsp) {
            java.util.regex.Matcher code = java.util.regex.Pattern.compile("error (-?\\d+)").matcher(message);
            long error = code.find() ? Long.parseLong(code.group(1)) : 0;
            if (error == AVERROR_HTTP_UNAUTHORIZED || error == AVERROR_HTTP_FORBIDDEN) {
                return new PlaybackException(PlaybackException.Kind.NOT_AUTHORIZED, name + ": the camera refused the user name or password");
            }
            return new PlaybackException(PlaybackException.Kind.CONNECTION_LOST, name + ": no answer from the camera or recorder (FFmpeg error " + error + ")");
        }
        return new PlaybackException(PlaybackException.Kind.UNREADABLE, name + " cannot be read (damaged or not a video file)", e);
    }

    /// FFERRTAG(0xF8, '4', '0', '1') and ('4', '0', '3'), as FFmpeg's libavutil/error.h defines them.
    private static final long AVERROR_HTTP_UNAUTHORIZED = -(0xF8 | '4' << 8 | '0' << 16 | (long) '1' << 24);
    private static final long AVERROR_HTTP_FORBIDDEN = -(0xF8 | '4' << 8 | '0' << 16 | (long) '3' << 24);

    @Override
    public Optional<DecodedFrame> next(ByteBuffer target) throws PlaybackException {
        try {
            Frame frame = grabber.grabImage();
            if (frame == null || !(frame.opaque instanceof AVFrame picture) || picture.width() <= 0) {
                if (stream && endedEarly()) {
                    throw new PlaybackException(PlaybackException.Kind.CONNECTION_LOST, name + ": the stream stopped before its end");
                }
                return Optional.empty();
            }
            lastTimestampMicros = frame.timestamp;
            // What the frame really shows: zoom needs planar 4:2:0 input.
            ZoomRegion shown = scaler.convert(picture, target, zoom);
            return Optional.of(new DecodedFrame(target, size.width(), size.height(), size.width() * 4,
                    Duration.ofNanos(frame.timestamp * 1000), shown));
        } catch (FrameGrabber.Exception | RuntimeException e) {
            if (stream) {
                throw new PlaybackException(PlaybackException.Kind.CONNECTION_LOST, name + ": reading the stream failed");
            }
            throw new PlaybackException(PlaybackException.Kind.UNREADABLE, name + " is damaged: decoding stopped (" + e.getMessage() + ")", e);
        }
    }

    /// A stream that ends short of its announced length (or a live one that ends at all) lost its
    /// server: FFmpeg reports both as a plain end.
    private boolean endedEarly() {
        long length = grabber.getLengthInTime();
        long twoFrames = 2_000_000L / Math.max(1, frameRate);
        return length <= 0 || lastTimestampMicros < length - twoFrames;
    }

    @Override
    public void zoom(ZoomRegion region) {
        this.zoom = region;
    }

    @Override
    public void seekExact(Duration offset) throws PlaybackException {
        try {
            // The grabber seeks back to the key frame and decodes forward to the wanted time.
            grabber.setVideoTimestamp(offset.toNanos() / 1000);
        } catch (FrameGrabber.Exception | RuntimeException e) {
            if (stream) {
                throw new PlaybackException(PlaybackException.Kind.CONNECTION_LOST, name + ": cannot seek to " + offset);
            }
            throw new PlaybackException(PlaybackException.Kind.UNREADABLE, name + ": cannot seek to " + offset + " (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void seekKeyFrame(Duration offset) throws PlaybackException {
        var context = grabber.getFormatContext();
        long target = offset.toNanos() / 1000;
        if (context.start_time() != avutil.AV_NOPTS_VALUE) {
            target += context.start_time();
        }
        int result = avformat.avformat_seek_file(context, -1, Long.MIN_VALUE, target, target, avformat.AVSEEK_FLAG_BACKWARD);
        if (result < 0) {
            seekExact(offset);
        }
    }

    @Override
    public Duration length() {
        return length;
    }

    @Override
    public int frameRate() {
        return frameRate;
    }

    @Override
    public void close() {
        closeQuietly(grabber);
        scaler.close();
    }

    private static void closeQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            // Closing a broken file can fail too; there is nothing left to release.
        }
    }
}
