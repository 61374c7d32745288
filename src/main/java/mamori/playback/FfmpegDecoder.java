package mamori.playback;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.ffmpeg.global.avformat;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.ffmpeg.global.swscale;
import org.bytedeco.ffmpeg.swscale.SwsContext;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.IntPointer;
import org.bytedeco.javacpp.PointerPointer;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;

/// A file opened by [FfmpegEngine]. The grabber hands out the decoder's own picture (no
/// conversion); FFmpeg's scaler then converts it straight into the buffer the screen lent, at the
/// size shown: one pass over the pixels, no copy.
final class FfmpegDecoder implements VideoDecoder {

    private final FFmpegFrameGrabber grabber;
    private final String name;
    private final FrameSize size;
    private final int frameRate;
    private final Duration length;
    private final IntPointer targetStrides;
    /// The native address of each target buffer, made once per buffer (screens lend a few, over and over).
    private final Map<ByteBuffer, PointerPointer<BytePointer>> targets = new IdentityHashMap<>();
    private SwsContext scaler;

    private FfmpegDecoder(FFmpegFrameGrabber grabber, String name, FrameSize size) {
        this.grabber = grabber;
        this.name = name;
        this.size = size;
        this.frameRate = (int) Math.round(grabber.getVideoFrameRate() > 0 ? grabber.getVideoFrameRate() : grabber.getFrameRate());
        this.length = Duration.ofNanos(grabber.getLengthInTime() * 1000);
        this.targetStrides = new IntPointer(size.width() * 4, 0, 0, 0);
    }

    static FfmpegDecoder start(FFmpegFrameGrabber grabber, String name, FrameSize size) throws PlaybackException {
        grabber.setImageMode(FrameGrabber.ImageMode.RAW);
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
        return new FfmpegDecoder(grabber, name, size);
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
    public Optional<DecodedFrame> next(ByteBuffer target) throws PlaybackException {
        try {
            Frame frame = grabber.grabImage();
            if (frame == null || !(frame.opaque instanceof AVFrame picture) || picture.width() <= 0) {
                return Optional.empty();
            }
            convert(picture, target);
            return Optional.of(new DecodedFrame(target, size.width(), size.height(), size.width() * 4,
                    Duration.ofNanos(frame.timestamp * 1000)));
        } catch (FrameGrabber.Exception | RuntimeException e) {
            throw new PlaybackException(PlaybackException.Kind.UNREADABLE, name + " is damaged: decoding stopped (" + e.getMessage() + ")", e);
        }
    }

    private void convert(AVFrame picture, ByteBuffer target) {
        if (target.capacity() < size.bytesBgra() || !target.isDirect()) {
            throw new IllegalArgumentException("Target buffer is not a direct buffer of " + size);
        }
        scaler = swscale.sws_getCachedContext(scaler, picture.width(), picture.height(), picture.format(),
                size.width(), size.height(), avutil.AV_PIX_FMT_BGRA, swscale.SWS_BILINEAR, null, null, (DoublePointer) null);
        if (scaler == null) {
            throw new IllegalStateException("FFmpeg cannot convert pixel format " + picture.format());
        }
        PointerPointer<BytePointer> planes = targets.computeIfAbsent(target,
                buffer -> new PointerPointer<BytePointer>(4).put(0, new BytePointer(buffer)));
        swscale.sws_scale(scaler, picture.data(), picture.linesize(), 0, picture.height(), planes, targetStrides);
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
        if (scaler != null) {
            swscale.sws_freeContext(scaler);
            scaler = null;
        }
        targets.values().forEach(PointerPointer::close);
        targets.clear();
        targetStrides.close();
    }

    private static void closeQuietly(FFmpegFrameGrabber grabber) {
        try {
            grabber.close();
        } catch (FrameGrabber.Exception | RuntimeException e) {
            // Closing a broken file can fail too; there is nothing left to release.
        }
    }
}
