package mamori.playback.vlc;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import mamori.playback.DecodedFrame;
import mamori.playback.FrameSize;
import mamori.playback.MediaSource;
import mamori.playback.PlaybackException;
import mamori.playback.VideoDecoder;
import mamori.playback.ZoomRegion;
import uk.co.caprica.vlcj.factory.MediaPlayerFactory;
import uk.co.caprica.vlcj.player.base.MediaPlayer;
import uk.co.caprica.vlcj.player.base.State;
import uk.co.caprica.vlcj.player.embedded.EmbeddedMediaPlayer;
import uk.co.caprica.vlcj.player.embedded.videosurface.CallbackVideoSurface;
import uk.co.caprica.vlcj.player.embedded.videosurface.VideoSurfaceAdapters;
import uk.co.caprica.vlcj.player.embedded.videosurface.callback.BufferFormat;
import uk.co.caprica.vlcj.player.embedded.videosurface.callback.BufferFormatCallback;
import uk.co.caprica.vlcj.player.embedded.videosurface.callback.RenderCallback;
import uk.co.caprica.vlcj.player.embedded.videosurface.callback.format.RV32BufferFormat;

/// A file opened by [VlcEngine]. libVLC pushes pictures on its own video-output thread; the player
/// pulls them. The two meet in [#display]: libVLC's output thread waits there until the player asks
/// for a frame, copies the picture (RV32, which is BGRA in memory on x86) into the buffer the
/// player lent, and goes on. libVLC renders into the one native buffer vlcj allocated when the
/// format was set, so no frame allocates anything; the one copy per frame is the price of
/// libVLC owning its render buffer.
///
/// What libVLC guarantees, and what this relies on:
/// - libVLC 3 gives no presentation time with a picture. A frame's time is counted: the first
///   picture after a start at `t` is the one showing at `t` (a start with `:start-time` is
///   libVLC's precise seek: it decodes from the key frame before and drops the pictures before
///   `t`, "preroll"), and every later one is one frame period on. This holds for constant-rate
///   files such as Mamori's recordings, with frame dropping switched off (see [VlcEngine#OPTIONS]),
///   once a run has settled: in its first few pictures libVLC 3's video output may skip one or
///   show one twice (it forces out its first picture). Measured on generated clips, a seek lands
///   within two frames of the frame asked, and from there every frame comes in order. So this
///   engine's seeks are near-exact, not frame-exact like FFmpeg's (see decision 0032).
/// - `stop()` is synchronous: once it returns no picture of the old run is shown. So a seek stops
///   and starts again at the new time instead of `setTime`, whose pictures in flight would be
///   indistinguishable from the new ones.
/// - libVLC runs at its highest rate: the player, not libVLC's clock, paces the frames (0.25x to
///   16x), and libVLC's output thread simply waits for the player between pictures.
/// - Failures arrive as a player state (`Error`), some never: every wait here has a bound.
final class VlcDecoder implements VideoDecoder {

    /// libVLC 3 refuses rates above 32x for files (INPUT_RATE_MAX).
    private static final float FASTEST = 32f;
    /// After libVLC says the file ended, how long a picture already taken from its queue may still
    /// take to reach [#display].
    private static final long END_GRACE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);
    /// libVLC 3's output thread shows the current picture again when no new one came for 80 ms
    /// (VOUT_REDISPLAY_DELAY); such a repeat is the same picture arriving late, and is not a frame.
    private static final long REDISPLAY_NANOS = TimeUnit.MILLISECONDS.toNanos(40);
    /// Right after a start libVLC 3 may show its first picture twice (measured): a repeat among the
    /// first pictures is dropped whatever its timing.
    private static final int SETTLING_PICTURES = 3;
    /// How long a picture may take once a run has shown one, before the run counts as stalled.
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

    private final EmbeddedMediaPlayer player;
    private final String mrl;
    private final String name;
    private final FrameSize size;
    private final int frameRate;
    private final Duration length;
    /// The file's length in frames: the end, since libVLC reports it only after its output
    /// thread has let go of the last picture.
    private final long frames;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // Guarded by lock.
    /// The player's buffer while it waits in [#next]; cleared when a picture was copied into it.
    private ByteBuffer wanted;
    private boolean delivered;
    /// Set while stopping or closing: [#display] then drops its picture at once.
    private boolean discarding;
    private boolean closed;
    /// When the last picture was handed over (nanoTime), and a sample of it.
    private long lastHandedOver;
    private long lastChecksum = Long.MIN_VALUE;
    private int handedOverSinceStart;

    // The player's thread only.
    /// Index (in frames from the file's start) of the next picture libVLC will show.
    private long nextIndex;
    private boolean shownSinceStart;

    private VlcDecoder(MediaPlayerFactory factory, MediaSource.LocalFile source, VlcEngine.Header header, FrameSize size) {
        this.mrl = mrl(source);
        this.name = source.displayName();
        this.size = size;
        this.frameRate = header.frameRate();
        this.length = header.length();
        this.frames = Math.max(1, Math.round(length.toNanos() * frameRate / 1e9));
        this.player = factory.mediaPlayers().newEmbeddedMediaPlayer();
        CallbackVideoSurface surface = new CallbackVideoSurface(new Format(), new Render(), true,
                VideoSurfaceAdapters.getVideoSurfaceAdapter());
        player.videoSurface().set(surface);
        player.controls().setRate(FASTEST);
    }

    static VlcDecoder start(MediaPlayerFactory factory, MediaSource.LocalFile source, VlcEngine.Header header, FrameSize size)
            throws PlaybackException {
        VlcDecoder decoder = new VlcDecoder(factory, source, header, size);
        try {
            decoder.startAt(Duration.ZERO);
            return decoder;
        } catch (PlaybackException | RuntimeException e) {
            decoder.close();
            throw e;
        }
    }

    static String mrl(MediaSource.LocalFile source) {
        return source.file().toAbsolutePath().toUri().toASCIIString();
    }

    @Override
    public Optional<DecodedFrame> next(ByteBuffer target) throws PlaybackException {
        if (target.capacity() < size.bytesBgra()) {
            throw new IllegalArgumentException("Target buffer is smaller than " + size);
        }
        if (nextIndex >= frames) {
            return Optional.empty();
        }
        try {
            return take(target, shownSinceStart ? STALL_NANOS : VlcEngine.PARSE_TIMEOUT.toNanos());
        } catch (Stalled stalled) {
            // Measured on a loaded 2-core machine at 1080p: libVLC 3 now and then stops handing out
            // pictures mid-file (and, at the end, may hold back the last one). Near the end that is
            // the end; elsewhere it starts again at the frame due, once.
            if (nextIndex >= frames - 2) {
                return Optional.empty();
            }
            startAt(Duration.ofNanos(nextIndex * 1_000_000_000L / frameRate + 1_000_000_000L / (2L * frameRate)));
            try {
                return take(target, VlcEngine.PARSE_TIMEOUT.toNanos());
            } catch (Stalled again) {
                throw new PlaybackException(PlaybackException.Kind.UNREADABLE,
                        name + ": libVLC showed no picture within " + VlcEngine.PARSE_TIMEOUT.toSeconds() + " s");
            }
        }
    }

    /// No picture came within the bound.
    private static final class Stalled extends Exception {
        Stalled() {
            super(null, null, false, false);
        }
    }

    private Optional<DecodedFrame> take(ByteBuffer target, long timeoutNanos) throws PlaybackException, Stalled {
        long start = System.nanoTime();
        long endSeen = 0;
        lock.lock();
        try {
            wanted = target;
            delivered = false;
            changed.signalAll();
            while (!delivered) {
                if (closed) {
                    return Optional.empty();
                }
                State state = player.status().state();
                long now = System.nanoTime();
                if (state == State.ERROR) {
                    throw new PlaybackException(PlaybackException.Kind.UNREADABLE, name + " is damaged: libVLC stopped decoding it");
                }
                if (state == State.ENDED) {
                    if (endSeen == 0) {
                        endSeen = now;
                    } else if (now - endSeen > END_GRACE_NANOS) {
                        if (!shownSinceStart && nextIndex == 0) {
                            throw new PlaybackException(PlaybackException.Kind.UNSUPPORTED,
                                    name + " shows no picture in libVLC (damaged, or a video format it cannot decode)");
                        }
                        return Optional.empty();
                    }
                } else if (now - start > timeoutNanos) {
                    throw new Stalled();
                }
                changed.awaitNanos(POLL_NANOS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } finally {
            wanted = null;
            lock.unlock();
        }
        Duration offset = Duration.ofNanos(nextIndex * 1_000_000_000L / frameRate);
        nextIndex++;
        shownSinceStart = true;
        return Optional.of(new DecodedFrame(target, size.width(), size.height(), size.width() * 4, offset, ZoomRegion.WHOLE));
    }

    @Override
    public void seekExact(Duration offset) throws PlaybackException {
        startAt(offset);
    }

    /// libVLC has no cheaper seek that keeps the frame count right, so scrubbing seeks exactly too.
    @Override
    public void seekKeyFrame(Duration offset) throws PlaybackException {
        startAt(offset);
    }

    private void startAt(Duration offset) throws PlaybackException {
        lock.lock();
        try {
            discarding = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        player.controls().stop();
        lock.lock();
        try {
            discarding = false;
        } finally {
            lock.unlock();
        }
        // libVLC starts on the picture showing at the start time (the last one starting at or
        // before it); on a frame's very first microsecond it lands on the one before (measured),
        // so it is asked for the middle of the frame.
        long nanos = Math.max(0, offset.toNanos());
        nextIndex = Math.min(Math.max(0, frames - 1), nanos * frameRate / 1_000_000_000L);
        shownSinceStart = false;
        lock.lock();
        try {
            lastChecksum = Long.MIN_VALUE;
            handedOverSinceStart = 0;
        } finally {
            lock.unlock();
        }
        boolean started = nextIndex == 0
                ? player.media().play(mrl)
                : player.media().play(mrl, String.format(Locale.ROOT, ":start-time=%.6f", (nextIndex + 0.5) / frameRate));
        if (!started) {
            throw new PlaybackException(PlaybackException.Kind.UNREADABLE, name + " cannot be opened by libVLC");
        }
    }

    /// libVLC's scaler cannot show part of the picture through the callback surface: frames always
    /// show the whole picture and say so ([DecodedFrame#zoom] is [ZoomRegion#WHOLE]), so the masks
    /// still land where they belong.
    @Override
    public void zoom(ZoomRegion region) {
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
        lock.lock();
        try {
            closed = true;
            discarding = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        player.controls().stop();
        player.release();
    }

    /// Asks libVLC for RV32 at the size shown, whatever the file's own size: libVLC scales.
    private final class Format implements BufferFormatCallback {

        @Override
        public BufferFormat getBufferFormat(int sourceWidth, int sourceHeight) {
            return new RV32BufferFormat(size.width(), size.height());
        }

        @Override
        public void newFormatSize(int bufferWidth, int bufferHeight, int displayWidth, int displayHeight) {
        }

        @Override
        public void allocatedBuffers(ByteBuffer[] buffers) {
        }
    }

    private final class Render implements RenderCallback {

        @Override
        public void lock(MediaPlayer mediaPlayer) {
        }

        /// On libVLC's video-output thread: waits for the player to ask, then copies. A picture
        /// is dropped only while stopping or closing.
        @Override
        public void display(MediaPlayer mediaPlayer, ByteBuffer[] buffers, BufferFormat format, int displayWidth, int displayHeight) {
            lock.lock();
            try {
                while (!discarding && wanted == null) {
                    changed.awaitUninterruptibly();
                }
                if (discarding) {
                    return;
                }
                ByteBuffer picture = buffers[0];
                long checksum = sample(picture);
                boolean repeat = checksum == lastChecksum
                        && (handedOverSinceStart < SETTLING_PICTURES || System.nanoTime() - lastHandedOver > REDISPLAY_NANOS);
                if (repeat) {
                    return;
                }
                wanted.put(0, picture, 0, Math.min(size.bytesBgra(), picture.capacity()));
                lastChecksum = checksum;
                lastHandedOver = System.nanoTime();
                handedOverSinceStart++;
                wanted = null;
                delivered = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /// Every 61st pixel: enough to tell a repeat from the next picture of a moving scene.
        private static long sample(ByteBuffer picture) {
            long sum = 0;
            int limit = picture.capacity() - 4;
            for (int at = 0; at < limit; at += 61 * 4) {
                sum = sum * 31 + picture.getInt(at);
            }
            return sum;
        }

        @Override
        public void unlock(MediaPlayer mediaPlayer) {
        }
    }
}
