package mamori.playback;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FrameGrabber;

/// The default engine: FFmpeg through javacv, decoding on `threads` threads and converting to
/// BGRA at the size shown in FFmpeg's own scaler, straight into the screen's buffer (one pass,
/// no second scaling on screen, no copy). RTSP goes over TCP with an I/O timeout, so a silent
/// server ends a read instead of hanging it.
public final class FfmpegEngine implements VideoEngine {

    static final Duration STREAM_TIMEOUT = Duration.ofSeconds(2);

    private final int threads;

    public FfmpegEngine(int threads) {
        this.threads = threads;
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
    }

    @Override
    public VideoDecoder open(MediaSource source, FrameSize size) throws PlaybackException {
        if (source instanceof MediaSource.OnvifReplay replay) {
            return OnvifReplayDecoder.open(replay, size, threads);
        }
        FFmpegFrameGrabber grabber = grabber(source);
        grabber.setVideoOption("threads", Integer.toString(threads));
        return FfmpegDecoder.start(grabber, source, size);
    }

    @Override
    public FrameSize probe(MediaSource source) throws PlaybackException {
        if (source instanceof MediaSource.OnvifReplay replay) {
            return OnvifReplayDecoder.probe(replay);
        }
        try (FFmpegFrameGrabber grabber = grabber(source)) {
            grabber.start();
            if (!grabber.hasVideo() || grabber.getImageWidth() <= 0) {
                throw new PlaybackException(PlaybackException.Kind.UNSUPPORTED, source.displayName() + " holds no video");
            }
            return new FrameSize(grabber.getImageWidth(), grabber.getImageHeight());
        } catch (FrameGrabber.Exception e) {
            throw FfmpegDecoder.openFailure(source, e);
        }
    }

    private static FFmpegFrameGrabber grabber(MediaSource source) throws PlaybackException {
        return switch (source) {
            case MediaSource.LocalFile local -> {
                if (!Files.isReadable(local.file())) {
                    throw new PlaybackException(PlaybackException.Kind.UNREADABLE,
                            "The recording file " + local.displayName() + " is missing");
                }
                yield new FFmpegFrameGrabber(local.file().toFile());
            }
            case MediaSource.Rtsp rtsp -> {
                FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(withCredentials(rtsp));
                grabber.setOption("rtsp_transport", "tcp");
                grabber.setOption("timeout", Long.toString(STREAM_TIMEOUT.toNanos() / 1000));
                yield grabber;
            }
            case MediaSource.OnvifReplay replay -> throw new IllegalArgumentException("ONVIF replay is opened by OnvifReplayDecoder");
        };
    }

    /// FFmpeg takes the account only inside the URI; it is put there at the last moment and
    /// never leaves this engine (messages use [MediaSource#displayName()]).
    private static String withCredentials(MediaSource.Rtsp rtsp) {
        URI uri = rtsp.uri();
        if (rtsp.credentials().isEmpty()) {
            return uri.toString();
        }
        var account = rtsp.credentials().get();
        String user = URLEncoder.encode(account.user(), StandardCharsets.UTF_8).replace("+", "%20");
        String password = URLEncoder.encode(new String(account.password()), StandardCharsets.UTF_8).replace("+", "%20");
        String rest = uri.toString().substring("rtsp://".length());
        return "rtsp://" + user + ":" + password + "@" + rest;
    }

    @Override
    public String name() {
        return "FFmpeg " + avutil.av_version_info().getString();
    }
}
