package mamori.playback;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;
import mamori.audit.RecordingRange;
import mamori.camera.Camera;
import mamori.identity.Session;
import mamori.policy.Decision;
import mamori.policy.DenialReason;

/// One person watching one camera's recording: every move is decided and recorded here before the
/// player makes it. When the log cannot record a move, the move does not happen and the player is
/// shut (unrecorded viewing is worse than none). While playback runs, the policy is asked again
/// every second: a warning before the viewing window closes, then playback stops.
public final class PlaybackSession implements PlaybackControls, AutoCloseable {

    static final Duration WARN_BEFORE_CLOSE = Decision.Allowed.CLOSING_WARNING;

    private final Session session;
    private final Camera camera;
    private final AuditLog audit;
    private final ViewingCheck check;
    private final ViewingCheck maskLiftCheck;
    private final ProtectedPicture picture;
    private final boolean purposeRequired;
    private final Clock clock;
    private final PlaybackListener listener;
    private final WatchedSpans watched = new WatchedSpans();
    private final ScheduledExecutorService watchdog;
    private Player player;
    private volatile Instant position;
    private boolean started;
    private boolean stopped;
    private boolean warned;
    private Instant scrubFrom;

    PlaybackSession(Session session, Camera camera, AuditLog audit, ViewingCheck check, ViewingCheck maskLiftCheck,
            ProtectedPicture picture, boolean purposeRequired, Clock clock, PlaybackListener listener) {
        this.purposeRequired = purposeRequired;
        this.session = session;
        this.camera = camera;
        this.audit = audit;
        this.check = check;
        this.maskLiftCheck = maskLiftCheck;
        this.picture = picture;
        this.clock = clock;
        this.listener = listener;
        this.watchdog = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("mamori-viewing-hours").factory());
    }

    /// Attaches the player; the service makes both together.
    void attach(Player attached) {
        this.player = attached;
        this.position = attached.timeline().start();
    }

    /// Receives the player's reports, keeps track of what was watched, passes them on.
    PlayerListener playerListener() {
        return new PlayerListener() {
            @Override
            public void shown(Instant recorded) {
                position = recorded;
                watched.shown(recorded);
                listener.shown(recorded);
            }

            @Override
            public void ended() {
                listener.ended();
            }

            @Override
            public void failed(PlaybackException failure) {
                try {
                    audit.append(event(AuditAction.PLAYBACK_FAILED).range(new RecordingRange(position, position))
                            .detail("kind", failure.kind()).detail("message", failure.getMessage()));
                } catch (AuditUnavailableException e) {
                    shut(e);
                    return;
                }
                listener.failed(failure);
            }
        };
    }

    public Camera camera() {
        return camera;
    }

    @Override
    public String title() {
        return camera.code() + "  " + camera.name();
    }

    @Override
    public RecordingTimeline timeline() {
        return player.timeline();
    }

    public Instant position() {
        return position;
    }

    public synchronized boolean playing() {
        return player.playing();
    }

    /// Starts playback at `from`, with the viewer's stated purpose when one is asked for.
    @Override
    public synchronized void start(Instant from, Optional<String> purpose)
            throws PlaybackDeniedException, AuditUnavailableException {
        requireOpen();
        Instant now = clock.instant();
        Decision decision = decide(now);
        if (decision instanceof Decision.Denied denied) {
            deny(denied.reason(), AuditAction.PLAY);
        }
        if (purposeRequired && purpose.map(String::isBlank).orElse(true)) {
            deny(DenialReason.PURPOSE_MISSING, AuditAction.PLAY);
        }
        AuditEvent play = event(AuditAction.PLAY).range(new RecordingRange(from, from)).detail("rate", rateText(player.rate()));
        if (purpose.isPresent()) {
            play = play.detail("purpose", purpose.get());
        }
        append(play);
        started = true;
        player.seek(from, true);
        player.play();
        watchdog.scheduleWithFixedDelay(this::enforce, 1, 1, TimeUnit.SECONDS);
    }

    @Override
    public synchronized void pause() throws AuditUnavailableException {
        requireStarted();
        append(event(AuditAction.PAUSE).range(new RecordingRange(position, position)));
        player.pause();
    }

    /// Plays on; the policy is asked again first (the window may have closed while paused).
    @Override
    public synchronized void resume() throws AuditUnavailableException, PlaybackDeniedException {
        requireStarted();
        if (decide(clock.instant()) instanceof Decision.Denied denied) {
            deny(denied.reason(), AuditAction.RESUME);
        }
        append(event(AuditAction.RESUME).range(new RecordingRange(position, position)));
        player.play();
    }

    /// Jumps to `to` (a date and time typed in, a click on the timeline): one entry, then the move.
    @Override
    public synchronized void seek(Instant to) throws AuditUnavailableException {
        requireStarted();
        Instant from = position;
        append(event(AuditAction.SEEK).range(ordered(from, to)).detail("from", from).detail("to", to));
        watched.breakRun();
        player.seek(to, true);
    }

    /// A drag of the timeline begins: the frames shown while dragging are key frames, fast.
    @Override
    public synchronized void beginScrub() {
        requireStarted();
        if (scrubFrom == null) {
            scrubFrom = position;
        }
    }

    @Override
    public synchronized void scrub(Instant to) {
        if (scrubFrom != null) {
            watched.breakRun();
            player.seek(to, false);
        }
    }

    /// The drag ends at `to`: the whole drag is one seek entry, from where it began.
    @Override
    public synchronized void endScrub(Instant to) throws AuditUnavailableException {
        requireStarted();
        Instant from = scrubFrom != null ? scrubFrom : position;
        scrubFrom = null;
        append(event(AuditAction.SEEK).range(ordered(from, to)).detail("from", from).detail("to", to).detail("dragged", true));
        watched.breakRun();
        player.seek(to, true);
    }

    @Override
    public synchronized void setRate(double rate) throws AuditUnavailableException {
        requireStarted();
        append(event(AuditAction.RATE_CHANGE).range(new RecordingRange(position, position))
                .detail("from", rateText(player.rate())).detail("to", rateText(rate)));
        player.setRate(rate);
    }

    /// One frame forward (`frames` > 0) or back, paused: recorded as a seek.
    @Override
    public synchronized void step(int frames) throws AuditUnavailableException {
        requireStarted();
        append(event(AuditAction.SEEK).range(new RecordingRange(position, position)).detail("from", position)
                .detail("frames", frames));
        player.step(frames);
    }

    /// Digital zoom: only `region` of the picture is decoded and scaled up; masks follow it and the
    /// watermark is drawn on the zoomed picture.
    public void zoom(ZoomRegion region) {
        requireStarted();
        player.zoom(region);
    }

    @Override
    public boolean purposeRequired() {
        return purposeRequired;
    }

    public boolean hasMasks() {
        return picture.hasMasks();
    }

    /// Shows (`lifted`) or covers again the camera's privacy masks. Lifting needs the right to, and
    /// both are recorded before the picture changes.
    public synchronized void liftMasks(boolean lifted) throws PlaybackDeniedException, AuditUnavailableException {
        requireStarted();
        if (lifted) {
            Decision decision;
            try {
                decision = maskLiftCheck.decide(clock.instant());
            } catch (Exception e) {
                decision = Decision.deny(DenialReason.NO_GRANT);
            }
            if (decision instanceof Decision.Denied denied) {
                append(event(AuditAction.POLICY_DENIAL).detail("action", AuditAction.PRIVACY_MASKS_LIFTED)
                        .detail("reason", denied.reason()));
                throw new PlaybackDeniedException(denied.reason());
            }
        }
        append(event(lifted ? AuditAction.PRIVACY_MASKS_LIFTED : AuditAction.PRIVACY_MASKS_RESTORED)
                .range(new RecordingRange(position, position)));
        picture.liftMasks(lifted);
    }

    /// Ends playback with the span watched; `reason` says who or what ended it.
    @Override
    public synchronized void stop(String reason) throws AuditUnavailableException {
        if (stopped) {
            return;
        }
        try {
            if (started) {
                append(stopEvent(reason));
            }
        } finally {
            stopped = true;
            watchdog.shutdownNow();
            player.close();
        }
    }

    private AuditEvent stopEvent(String reason) {
        AuditEvent stop = event(AuditAction.STOP).detail("reason", reason).detail("watchedSeconds", watched.watched().toSeconds());
        return watched.any() ? stop.range(new RecordingRange(watched.first(), watched.last())) : stop;
    }

    /// Runs every second while the session is open.
    private void enforce() {
        Decision decision;
        try {
            decision = decide(clock.instant());
        } catch (RuntimeException e) {
            decision = Decision.deny(DenialReason.NO_GRANT);
        }
        synchronized (this) {
            if (stopped) {
                return;
            }
            if (decision instanceof Decision.Denied denied) {
                try {
                    append(event(AuditAction.POLICY_DENIAL).detail("action", AuditAction.PLAY).detail("reason", denied.reason()));
                    stop(denied.reason().name());
                } catch (AuditUnavailableException e) {
                    return;
                }
                listener.stoppedByPolicy(denied.reason());
                return;
            }
            Optional<Instant> closes = viewingCloses(decision);
            if (closes.isPresent() && !warned && !clock.instant().plus(WARN_BEFORE_CLOSE).isBefore(closes.get())) {
                warned = true;
                listener.viewingEndsSoon(closes.get());
            }
        }
    }

    /// When the current viewing window closes, if the policy says it will.
    private static Optional<Instant> viewingCloses(Decision decision) {
        return decision instanceof Decision.Allowed(Optional<Instant> until) ? until : Optional.empty();
    }

    private Decision decide(Instant at) {
        try {
            return check.decide(at);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            // The rights cannot be read: fail closed.
            return Decision.deny(DenialReason.NO_GRANT);
        }
    }

    private void deny(DenialReason reason, AuditAction attempted) throws PlaybackDeniedException, AuditUnavailableException {
        append(event(AuditAction.POLICY_DENIAL).detail("action", attempted).detail("reason", reason));
        throw new PlaybackDeniedException(reason);
    }

    private void append(AuditEvent event) throws AuditUnavailableException {
        try {
            audit.append(event);
        } catch (AuditUnavailableException e) {
            shut(e);
            throw e;
        }
    }

    private void shut(AuditUnavailableException cause) {
        stopped = true;
        watchdog.shutdownNow();
        player.close();
        listener.auditUnavailable(cause.getMessage());
    }

    private AuditEvent event(AuditAction action) {
        return AuditEvent.of(action).person(session.person().id()).session(session.id()).camera(camera.id());
    }

    private static RecordingRange ordered(Instant a, Instant b) {
        return a.isAfter(b) ? new RecordingRange(b, a) : new RecordingRange(a, b);
    }

    static String rateText(double rate) {
        return String.format(Locale.ROOT, "%.2f", rate);
    }

    private void requireOpen() {
        if (stopped) {
            throw new IllegalStateException("This playback has ended");
        }
    }

    private void requireStarted() {
        requireOpen();
        if (!started) {
            throw new IllegalStateException("Playback has not started");
        }
    }

    @Override
    public void close() {
        try {
            stop("closed");
        } catch (AuditUnavailableException e) {
            // Already shut, and the screen was told.
        }
    }
}
