package mamori.playback;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/// A file opened by [FfmpegEngine]. The grabber reuses one picture buffer, so frames are handed
/// out without allocating.
final class FfmpegDecoder implements VideoDecoder {

    private final FFmpegFrameGrabber grabber;
    private final String name;
    private final int frameRate;
    private final Duration length;

    private FfmpegDecoder(FFmpegFrameGrabber grabber, String name) {
        this.grabber = grabber;
        this.name = name;
        this.frameRate = (int) Math.round(grabber.getVideoFrameRate() > 0 ? grabber.getVideoFrameRate() : grabber.getFrameRate());
        this.length = Duration.ofNanos(grabber.getLengthInTime() * 1000);
    }

    static FfmpegDecoder start(FFmpegFrameGrabber grabber, String name) throws PlaybackException {
        try {
            grabber.start();
        } catch (FrameGrabber.Exception e) {
            closeQuietly(grabber);
            throw openFailure(name, e);
        }
        if (!grabber.hasVideo()) {
            closeQuietly(grabber);
            throw new PlaybackException(PlaybackException.Kind.UNSUPPORTED, name + " holds no video");
        }
        return new FfmpegDecoder(grabber, name);
    }

    static PlaybackException openFailure(String name, Exception e) {
        String message = String.valueOf(e.getMessage());
        if (message.contains("avcodec_find_decoder") || message.contains("Unsupported")) {
            return new PlaybackException(PlaybackException.Kind.UNSUPPORTED, name + " uses a video format this player cannot decode", e);
        }
        if (message.contains("401") || message.contains("Unauthorized")) {
            return new PlaybackException(PlaybackException.Kind.NOT_AUTHORIZED, name + ": the source refused the user name or password", e);
        }
        return new PlaybackException(PlaybackException.Kind.UNREADABLE, name + " cannot be read (damaged or not a video file)", e);
    }

    @Override
    public Optional<DecodedFrame> next() throws PlaybackException {
        try {
            Frame frame = grabber.grabImage();
            if (frame == null || frame.image == null) {
                return Optional.empty();
            }
            return Optional.of(new DecodedFrame((ByteBuffer) frame.image[0], frame.imageWidth, frame.imageHeight,
                    frame.imageStride, Duration.ofNanos(frame.timestamp * 1000)));
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new PlaybackException(PlaybackException.Kind.UNREADABLE, name + " is damaged: decoding stopped (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void seekExact(Duration offset) throws PlaybackException {
        try {
            // The grabber seeks back to the key frame and decodes forward to the wanted time.
            grabber.setVideoTimestamp(offset.toNanos() / 1000);
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new PlaybackException(PlaybackException.Kind.UNREADABLE, name + ": cannot seek to " + offset + " (" + e.getMessage() + ")", e);
        }
    }

    @Override
    public void seekKeyFrame(Duration offset) throws PlaybackException {
        var context = grabber.getFormatContext();
        long target = offset.toNanos() / 1000;
        if (context.start_time() != org.bytedeco.ffmpeg.global.avutil.AV_NOPTS_VALUE) {
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
    }

    private static void closeQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            // Closing a broken file can fail too; there is nothing left to release.
        }
    }
}
