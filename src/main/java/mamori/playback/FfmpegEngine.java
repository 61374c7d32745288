package mamori.playback;

import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/// The default engine: FFmpeg through javacv, decoding on `threads` threads and converting to
/// BGRA at the size shown in FFmpeg's own scaler, straight into the screen's buffer (one pass,
/// no second scaling on screen, no copy).
public final class FfmpegEngine implements VideoEngine {

    private final int threads;

    public FfmpegEngine(int threads) {
        this.threads = threads;
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    @Override
    public VideoDecoder open(Path file, FrameSize size) throws PlaybackException {
        requireReadable(file);
        FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile());
        grabber.setVideoOption("threads", Integer.toString(threads));
        return FfmpegDecoder.start(grabber, file.getFileName().toString(), size);
    }

    @Override
    public FrameSize probe(Path file) throws PlaybackException {
        requireReadable(file);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            if (!grabber.hasVideo() || grabber.getImageWidth() <= 0) {
                throw new PlaybackException(PlaybackException.Kind.UNSUPPORTED, file.getFileName() + " holds no video");
            }
            return new FrameSize(grabber.getImageWidth(), grabber.getImageHeight());
        } catch (FrameGrabber.Exception e) {
            throw FfmpegDecoder.openFailure(file.getFileName().toString(), e);
        }
    }

    private static void requireReadable(Path file) throws PlaybackException {
        if (!Files.isReadable(file)) {
            throw new PlaybackException(PlaybackException.Kind.UNREADABLE, "The recording file " + file.getFileName() + " is missing");
        }
    }

    @Override
    public String name() {
        return "FFmpeg " + avutil.av_version_info().getString();
    }
}
