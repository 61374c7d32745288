package mamori.playback.vlc;

import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import mamori.playback.FrameSize;
import mamori.playback.MediaSource;
import mamori.playback.PlaybackException;
import mamori.playback.VideoDecoder;
import mamori.playback.VideoEngine;
import uk.co.caprica.vlcj.factory.MediaPlayerFactory;
import uk.co.caprica.vlcj.factory.discovery.NativeDiscovery;
import uk.co.caprica.vlcj.media.Media;
import uk.co.caprica.vlcj.media.MediaParsedStatus;
import uk.co.caprica.vlcj.media.ParseFlag;
import uk.co.caprica.vlcj.media.VideoTrackInfo;

/// libVLC through vlcj, for recorded files: each file plays into a callback surface that asks
/// libVLC for RV32 pictures at the size shown (libVLC's own scaler does the one conversion), and
/// the player takes them one at a time. RTSP sources go to `streams` (FFmpeg): Debian 12's libVLC
/// is built without live555 and cannot open `rtsp://` at all.
public final class VlcEngine implements VideoEngine, AutoCloseable {

    /// How long libVLC may take to read a file's header, or to show the first picture after an open
    /// or a seek, before the file counts as unreadable. libVLC reports most failures only as a
    /// player state, some not at all; this bound turns every one of them into an exception.
    static final Duration PARSE_TIMEOUT = Duration.ofSeconds(5);

    /// libVLC's options: no audio output (recordings are shown silent), no window, no on-screen
    /// text, and no frame dropping, since the player, not libVLC's clock, decides when a picture
    /// is due (libVLC's `--drop-late-frames` and avcodec's hurry-up would skip pictures while the
    /// player is paused or far ahead).
    static final List<String> OPTIONS = List.of("--quiet", "--intf=dummy", "--no-audio", "--no-video-title-show", "--no-osd",
            "--no-spu", "--no-stats", "--no-snapshot-preview", "--no-drop-late-frames", "--no-skip-frames",
            "--no-avcodec-hurry-up", "--no-sub-autodetect-file", "--no-metadata-network-access");

    private final MediaPlayerFactory factory;
    private final VideoEngine streams;
    private final String version;

    private VlcEngine(MediaPlayerFactory factory, VideoEngine streams) {
        this.factory = factory;
        this.streams = streams;
        this.version = factory.application().version();
    }

    /// The engine when libVLC is installed (found by vlcj's native discovery and loadable), else
    /// empty. `streams` opens what libVLC cannot (RTSP).
    public static Optional<VlcEngine> discover(VideoEngine streams) {
        try {
            if (!new NativeDiscovery().discover()) {
                return Optional.empty();
            }
            return Optional.of(new VlcEngine(new MediaPlayerFactory(OPTIONS), streams));
        } catch (RuntimeException | LinkageError notLoadable) {
            // A libvlc found but of another ABI, or plugins missing: same as not installed.
            return Optional.empty();
        }
    }

    @Override
    public VideoDecoder open(MediaSource source, FrameSize size) throws PlaybackException {
        return switch (source) {
            case MediaSource.Rtsp rtsp -> streams.open(rtsp, size);
            // ONVIF replay needs the project's own RTSP client (decision 0031), which the FFmpeg engine drives.
            case MediaSource.OnvifReplay replay -> streams.open(replay, size);
            case MediaSource.LocalFile local -> {
                Header header = header(local);
                yield VlcDecoder.start(factory, local, header, size);
            }
        };
    }

    @Override
    public FrameSize probe(MediaSource source) throws PlaybackException {
        return switch (source) {
            case MediaSource.Rtsp rtsp -> streams.probe(rtsp);
            case MediaSource.OnvifReplay replay -> streams.probe(replay);
            case MediaSource.LocalFile local -> header(local).size();
        };
    }

    /// What libVLC's parser read from the file's header.
    record Header(FrameSize size, int frameRate, Duration length) {
    }

    private Header header(MediaSource.LocalFile local) throws PlaybackException {
        if (!Files.isReadable(local.file())) {
            throw new PlaybackException(PlaybackException.Kind.UNREADABLE, "The recording file " + local.displayName() + " is missing");
        }
        Media media = factory.media().newMedia(VlcDecoder.mrl(local));
        try {
            media.parsing().parse((int) PARSE_TIMEOUT.toMillis(), ParseFlag.PARSE_LOCAL);
            long deadline = System.nanoTime() + PARSE_TIMEOUT.toNanos() + 500_000_000L;
            MediaParsedStatus status;
            while ((status = media.parsing().status()) == null || status.intValue() == 0) {
                if (System.nanoTime() > deadline) {
                    status = MediaParsedStatus.TIMEOUT;
                    break;
                }
                Thread.sleep(5);
            }
            if (status != MediaParsedStatus.DONE) {
                throw new PlaybackException(PlaybackException.Kind.UNREADABLE,
                        local.displayName() + " cannot be read by libVLC (damaged or not a video file; parse " + status + ")");
            }
            List<VideoTrackInfo> tracks = media.info().videoTracks();
            if (tracks.isEmpty() || tracks.getFirst().width() <= 0 || tracks.getFirst().height() <= 0) {
                throw new PlaybackException(PlaybackException.Kind.UNSUPPORTED, local.displayName() + " holds no video libVLC can read");
            }
            VideoTrackInfo track = tracks.getFirst();
            int frameRate = track.frameRateBase() > 0 ? Math.round((float) track.frameRate() / track.frameRateBase()) : 0;
            return new Header(new FrameSize(track.width(), track.height()), Math.max(1, frameRate),
                    Duration.ofMillis(Math.max(0, media.info().duration())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlaybackException(PlaybackException.Kind.UNREADABLE, local.displayName() + ": opening was interrupted");
        } finally {
            media.release();
        }
    }

    @Override
    public String name() {
        return "libVLC " + version;
    }

    @Override
    public void close() {
        factory.release();
    }
}
