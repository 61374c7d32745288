package mamori.playback;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;

/// Plays one camera's recording: decodes on its own thread, paces frames to the rate, crosses from
/// segment to segment and skips gaps. Commands return at once and take effect on the player's
/// thread; the latest seek wins, so a dragged slider never queues up stale seeks.
///
/// The player does no auditing and no policy: [PlaybackSession] decides and records every move
/// before it calls here.
public final class Player implements AutoCloseable {

    public static final double MIN_RATE = 0.25;
    public static final double MAX_RATE = 16;
    private static final Duration LEND_WAIT = Duration.ofMillis(60);
    /// Bound on decoding forward after a seek (a few groups of pictures at any usual rate).
    private static final int MAX_FRAMES_DECODED_FORWARD = 600;
    private static final List<Duration> RECONNECT_DELAYS = List.of(Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(2));

    private final VideoEngine engine;
    private final RecordingTimeline timeline;
    private final FrameSize size;
    private final FrameOverlay overlay;
    private final FrameSink sink;
    private final PlayerListener listener;
    private final LongSupplier nanoTime;
    private final Thread thread;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // Guarded by lock: the commands not yet taken up by the player thread.
    private boolean playing;
    private double rate = 1;
    private Seek pendingSeek;
    private int pendingSteps;
    private boolean closed;
    private long generation;
    private ZoomRegion zoom = ZoomRegion.WHOLE;
    private volatile Instant lastShownForZoom;

    // Player thread only.
    /// Decoding target when the screen has no buffer free: the frame is decoded (to keep the
    /// decoder's place) and dropped.
    private final java.nio.ByteBuffer scratch;
    private VideoDecoder decoder;
    private java.nio.ByteBuffer lent;
    private RecordingTimeline.Position opened;
    private Instant lastShown;

    public Player(VideoEngine engine, RecordingTimeline timeline, FrameSize size, FrameOverlay overlay, FrameSink sink,
            PlayerListener listener, LongSupplier nanoTime) {
        if (timeline.isEmpty()) {
            throw new IllegalArgumentException("Nothing recorded to play");
        }
        this.engine = engine;
        this.timeline = timeline;
        this.size = size;
        this.overlay = overlay;
        this.sink = sink;
        this.listener = listener;
        this.nanoTime = nanoTime;
        this.scratch = java.nio.ByteBuffer.allocateDirect(size.bytesBgra());
        this.thread = Thread.ofPlatform().daemon().name("mamori-player").unstarted(this::run);
        this.thread.start();
    }

    public void play() {
        command(() -> playing = true);
    }

    public void pause() {
        command(() -> playing = false);
    }

    /// Shows the frame at `at`: exactly, or (while scrubbing) the nearest key frame before it.
    public void seek(Instant at, boolean exact) {
        command(() -> {
            pendingSeek = new Seek(at, exact);
            pendingSteps = 0;
        });
    }

    public void setRate(double newRate) {
        if (newRate < MIN_RATE || newRate > MAX_RATE) {
            throw new IllegalArgumentException("Rate " + newRate + " outside " + MIN_RATE + ".." + MAX_RATE);
        }
        command(() -> rate = newRate);
    }

    /// Pauses and moves one frame forward (`frames` > 0) or back.
    public void step(int frames) {
        command(() -> {
            playing = false;
            pendingSteps += frames;
        });
    }

    /// Shows only `region` of the picture (digital zoom); when paused, the frame shown is redrawn.
    public void zoom(ZoomRegion region) {
        command(() -> {
            zoom = region;
            if (!playing && lastShownForZoom != null) {
                pendingSeek = new Seek(lastShownForZoom, true);
            }
        });
    }

    public boolean playing() {
        lock.lock();
        try {
            return playing;
        } finally {
            lock.unlock();
        }
    }

    public double rate() {
        lock.lock();
        try {
            return rate;
        } finally {
            lock.unlock();
        }
    }

    public RecordingTimeline timeline() {
        return timeline;
    }

    private void command(Runnable change) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            change.run();
            generation++;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void run() {
        // Pacing anchor: the recording time shown at `anchorNanos`, both reset on every change.
        Instant anchorRecorded = null;
        long anchorNanos = 0;
        long seenGeneration = -1;
        try {
            while (true) {
                Seek seek;
                int steps;
                boolean play;
                double currentRate;
                lock.lock();
                try {
                    while (!closed && pendingSeek == null && pendingSteps == 0 && !playing) {
                        changed.await();
                    }
                    if (closed) {
                        return;
                    }
                    seek = pendingSeek;
                    pendingSeek = null;
                    steps = pendingSteps;
                    pendingSteps = 0;
                    play = playing;
                    currentRate = rate;
                    if (generation != seenGeneration) {
                        seenGeneration = generation;
                        anchorRecorded = null;
                    }
                }
                finally {
                    lock.unlock();
                }
                try {
                    if (seek != null) {
                        if (!showAt(seek.at(), seek.exact())) {
                            atEnd();
                        }
                        anchorRecorded = null;
                        continue;
                    }
                    if (steps != 0) {
                        stepBy(steps);
                        continue;
                    }
                    if (!play) {
                        continue;
                    }
                    java.nio.ByteBuffer target = lend();
                    Optional<DecodedFrame> frame = nextFrame(target);
                    if (frame.isEmpty()) {
                        giveBack(target);
                        atEnd();
                        continue;
                    }
                    Instant recorded = recordedTime(frame.get());
                    if (anchorRecorded == null || recorded.isBefore(anchorRecorded)) {
                        anchorRecorded = recorded;
                        anchorNanos = nanoTime.getAsLong();
                    }
                    long due = anchorNanos + (long) (Duration.between(anchorRecorded, recorded).toNanos() / currentRate);
                    if (!waitUntil(due, seenGeneration)) {
                        giveBack(target);
                        continue;
                    }
                    // Far behind (a stream served in real time, a slow machine at a high rate): go on
                    // from here at the pace the source allows rather than drop every late frame.
                    if (nanoTime.getAsLong() - due > 250_000_000L) {
                        anchorRecorded = recorded;
                        anchorNanos = nanoTime.getAsLong();
                    }
                    show(frame.get(), recorded);
                } catch (PlaybackException failure) {
                    if (lent != null) {
                        giveBack(lent);
                    }
                    if (failure.kind() == PlaybackException.Kind.CONNECTION_LOST && reconnected()) {
                        anchorRecorded = null;
                        continue;
                    }
                    lock.lock();
                    try {
                        playing = false;
                    } finally {
                        lock.unlock();
                    }
                    closeDecoder();
                    listener.failed(failure);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeDecoder();
        }
    }

    /// A stream broke off: tries again where it stopped, after 0.5, 1 and 2 s. False when the
    /// source stayed away (or the player was closed meanwhile).
    private boolean reconnected() throws InterruptedException {
        closeDecoder();
        for (Duration delay : RECONNECT_DELAYS) {
            lock.lock();
            try {
                long remaining = delay.toNanos();
                while (!closed && remaining > 0) {
                    remaining = changed.awaitNanos(remaining);
                }
                if (closed) {
                    return false;
                }
            } finally {
                lock.unlock();
            }
            try {
                if (showAt(lastShown != null ? lastShown : timeline.start(), true)) {
                    return true;
                }
            } catch (PlaybackException stillAway) {
                closeDecoder();
            }
        }
        return false;
    }

    /// Sleeps until `due`; false if a command came in meanwhile (the frame is then dropped).
    private boolean waitUntil(long due, long seenGeneration) throws InterruptedException {
        lock.lock();
        try {
            long remaining;
            while ((remaining = due - nanoTime.getAsLong()) > 0) {
                if (closed || generation != seenGeneration) {
                    return false;
                }
                changed.awaitNanos(remaining);
            }
            return !closed && generation == seenGeneration;
        } finally {
            lock.unlock();
        }
    }

    private void atEnd() {
        lock.lock();
        try {
            playing = false;
        } finally {
            lock.unlock();
        }
        listener.ended();
    }

    private boolean showAt(Instant at, boolean exact) throws PlaybackException, InterruptedException {
        Optional<RecordingTimeline.Position> position = timeline.locate(at);
        if (position.isEmpty()) {
            return false;
        }
        RecordingTimeline.Position target = position.get();
        openSegment(target);
        int frameRate = Math.max(1, decoder.frameRate());
        // The frame showing at `at` is the last one starting at or before it.
        long frameIndex = target.offset().toNanos() * frameRate / 1_000_000_000L;
        Duration frameStart = Duration.ofNanos(frameIndex * 1_000_000_000L / frameRate);
        Duration halfFrame = Duration.ofNanos(500_000_000L / frameRate);
        java.nio.ByteBuffer buffer = lend();
        Optional<DecodedFrame> frame;
        if (exact) {
            // Land two frames early, then decode forward to the frame itself: an RTSP replay's
            // first frame carries no time, so a seek straight onto a key frame would overshoot.
            Duration early = Duration.ofNanos(2_000_000_000L / frameRate);
            decoder.seekExact(frameStart.compareTo(early) > 0 ? frameStart.minus(early) : Duration.ZERO);
            frame = nextFrame(buffer);
            for (int skipped = 0; frame.isPresent() && frame.get().offset().compareTo(frameStart.minus(halfFrame)) < 0
                    && skipped < MAX_FRAMES_DECODED_FORWARD; skipped++) {
                frame = nextFrame(buffer);
            }
        } else {
            decoder.seekKeyFrame(frameStart);
            frame = nextFrame(buffer);
        }
        if (frame.isEmpty()) {
            giveBack(buffer);
            return false;
        }
        show(frame.get(), recordedTime(frame.get()));
        return true;
    }

    private void stepBy(int steps) throws PlaybackException, InterruptedException {
        if (steps > 0) {
            for (int i = 0; i < steps; i++) {
                java.nio.ByteBuffer target = i == steps - 1 ? lend() : scratch;
                Optional<DecodedFrame> frame = nextFrame(target);
                if (frame.isEmpty()) {
                    giveBack(target);
                    atEnd();
                    return;
                }
                if (i == steps - 1) {
                    show(frame.get(), recordedTime(frame.get()));
                }
            }
        } else if (lastShown != null) {
            int frameRate = decoder == null ? 1 : Math.max(1, decoder.frameRate());
            Instant back = lastShown.minusNanos(-steps * 1_000_000_000L / frameRate);
            showAt(back.isBefore(timeline.start()) ? timeline.start() : back, true);
        }
    }

    /// The next frame in recording order, crossing into the next segment (and over gaps).
    private Optional<DecodedFrame> nextFrame(java.nio.ByteBuffer target) throws PlaybackException {
        if (decoder == null) {
            Instant from = lastShown != null ? lastShown : timeline.start();
            Optional<RecordingTimeline.Position> position = timeline.locate(from);
            if (position.isEmpty()) {
                return Optional.empty();
            }
            openSegment(position.get());
            if (!position.get().offset().isZero()) {
                decoder.seekExact(position.get().offset());
            }
        }
        while (true) {
            decoder.zoom(currentZoom());
            Optional<DecodedFrame> frame = decoder.next(target);
            if (frame.isPresent()) {
                return frame;
            }
            Optional<RecordingTimeline.Piece> following = timeline.after(opened.segment());
            if (following.isEmpty()) {
                return Optional.empty();
            }
            openSegment(new RecordingTimeline.Position(following.get(), Duration.ZERO));
        }
    }

    private ZoomRegion currentZoom() {
        lock.lock();
        try {
            return zoom;
        } finally {
            lock.unlock();
        }
    }

    private void openSegment(RecordingTimeline.Position position) throws PlaybackException {
        if (decoder != null && opened.segment().equals(position.segment())) {
            return;
        }
        closeDecoder();
        decoder = engine.open(position.segment().source(), size);
        opened = position;
    }

    private Instant recordedTime(DecodedFrame frame) {
        return opened.segment().start().plus(frame.offset());
    }

    /// A buffer from the screen, waiting briefly for one; else the scratch buffer (frame dropped).
    private java.nio.ByteBuffer lend() throws InterruptedException {
        lent = sink.lend(LEND_WAIT).orElse(null);
        return lent != null ? lent : scratch;
    }

    private void giveBack(java.nio.ByteBuffer target) {
        if (target != scratch && target == lent) {
            lent = null;
            sink.giveBack(target);
        }
    }

    private void show(DecodedFrame frame, Instant recorded) {
        lastShown = recorded;
        lastShownForZoom = recorded;
        if (frame.pixels() == scratch) {
            return;
        }
        overlay.apply(frame, recorded);
        lent = null;
        sink.show(frame);
        listener.shown(recorded);
    }

    private void closeDecoder() {
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private record Seek(Instant at, boolean exact) {
    }
}
