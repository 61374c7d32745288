package mamori.ui.player;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import mamori.playback.PlaybackDeniedException;
import mamori.playback.PlaybackException;
import mamori.playback.PlaybackListener;
import mamori.playback.PlaybackControls;
import mamori.playback.Player;
import mamori.playback.RecordingTimeline;
import mamori.policy.DenialReason;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;

/// The player screen's state and actions. Every action that the log records runs off the UI
/// thread (it waits for a durable commit); scrubbing previews do not.
public final class PlayerViewModel {

    public static final List<Double> RATES = List.of(0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0);
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter TYPED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");

    private final TaskExecutor tasks;
    private final Messages messages;
    private final ZoneId zone;
    private final Runnable onClosed;
    private final ReadOnlyStringWrapper positionText = new ReadOnlyStringWrapper("");
    private final ReadOnlyDoubleWrapper positionFraction = new ReadOnlyDoubleWrapper();
    private final ReadOnlyBooleanWrapper playing = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper ended = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper rateText = new ReadOnlyStringWrapper("1x");
    private final ReadOnlyBooleanWrapper masksLifted = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper purposeNeeded = new ReadOnlyBooleanWrapper();
    private final AtomicBoolean positionUpdatePending = new AtomicBoolean();
    private volatile Instant latestShown;
    private Instant spanEnd;
    private PlaybackControls playback;
    private double rate = 1;
    private boolean dragging;
    private mamori.playback.ZoomRegion zoom = mamori.playback.ZoomRegion.WHOLE;
    private final java.util.ArrayDeque<Queued> queued = new java.util.ArrayDeque<>();
    private boolean busy;
    private java.util.function.BiConsumer<Instant, RecordingTimeline> onRequestExport;

    public PlayerViewModel(TaskExecutor tasks, Messages messages, ZoneId zone, Runnable onClosed) {
        this.tasks = tasks;
        this.messages = messages;
        this.zone = zone;
        this.onClosed = onClosed;
    }

    /// The reports of the player, handed to the UI thread (positions coalesced to one per pulse).
    public PlaybackListener listener() {
        return new PlaybackListener() {
            @Override
            public void shown(Instant recorded) {
                latestShown = recorded;
                if (positionUpdatePending.compareAndSet(false, true)) {
                    tasks.onUiThread(PlayerViewModel.this::showPosition);
                }
            }

            @Override
            public void ended() {
                tasks.onUiThread(() -> {
                    playing.set(false);
                    ended.set(true);
                    message.set(messages.get("player.ended"));
                });
            }

            @Override
            public void failed(PlaybackException failure) {
                tasks.onUiThread(() -> {
                    playing.set(false);
                    message.set(messages.get("player.failed." + failure.kind().name(), failure.getMessage()));
                });
            }

            @Override
            public void viewingEndsSoon(Instant closesAt) {
                tasks.onUiThread(() -> message.set(messages.get("player.endsSoon", SHOWN.format(closesAt.atZone(zone)))));
            }

            @Override
            public void stoppedByPolicy(DenialReason reason) {
                tasks.onUiThread(() -> {
                    playing.set(false);
                    message.set(messages.get("player.stoppedByPolicy", messages.get("policy.denied." + reason.name())));
                });
            }

            @Override
            public void auditUnavailable(String detail) {
                tasks.onUiThread(() -> {
                    playing.set(false);
                    message.set(messages.get("player.auditUnavailable", detail));
                });
            }
        };
    }

    /// For the other cameras of a grid: their troubles reach the screen; their positions do not
    /// (the first camera's position stands for the grid's).
    public PlaybackListener cellListener() {
        PlaybackListener main = listener();
        return new PlaybackListener() {
            @Override
            public void shown(Instant recorded) {
            }

            @Override
            public void ended() {
            }

            @Override
            public void failed(PlaybackException failure) {
                main.failed(failure);
            }

            @Override
            public void viewingEndsSoon(Instant closesAt) {
                main.viewingEndsSoon(closesAt);
            }

            @Override
            public void stoppedByPolicy(DenialReason reason) {
                main.stoppedByPolicy(reason);
            }

            @Override
            public void auditUnavailable(String detail) {
                main.auditUnavailable(detail);
            }
        };
    }

    /// Starts at the beginning of the recording once the session is open.
    public void attach(PlaybackControls opened) {
        this.playback = opened;
        latestShown = opened.timeline().start();
        showPosition();
        if (opened.purposeRequired()) {
            purposeNeeded.set(true);
            return;
        }
        run(() -> opened.start(opened.timeline().start(), Optional.empty()), () -> playing.set(true));
    }

    /// Starts at `from` with `purpose` given (an auditor replaying what a report lists) and pauses
    /// once the picture reaches `until`: exactly the span that was watched, recorded like any playback.
    public void attachSpan(PlaybackControls opened, Instant from, Instant until, String purpose) {
        this.playback = opened;
        latestShown = from;
        spanEnd = until.isAfter(from) ? until : null;
        showPosition();
        run(() -> opened.start(from, Optional.of(purpose)), () -> playing.set(true));
    }

    private void pauseAtSpanEnd(Instant shown) {
        if (spanEnd != null && shown != null && !shown.isBefore(spanEnd) && playing.get()) {
            spanEnd = null;
            run(playback::pause, () -> {
                playing.set(false);
                message.set(messages.get("drillDown.ended"));
            });
        }
    }

    /// Starts playback with the viewer's stated reason (asked for when the facility requires it).
    public void startWithPurpose(String purpose) {
        if (purpose == null || purpose.isBlank()) {
            message.set(messages.get("player.purposeMissing"));
            return;
        }
        PlaybackControls opened = playback;
        String stated = purpose.strip();
        run(() -> opened.start(opened.timeline().start(), Optional.of(stated)), () -> {
            purposeNeeded.set(false);
            playing.set(true);
        });
    }

    public ReadOnlyBooleanProperty purposeNeededProperty() {
        return purposeNeeded.getReadOnlyProperty();
    }

    public RecordingTimeline timeline() {
        return playback.timeline();
    }

    public String title() {
        return playback.title();
    }

    public void playPause() {
        if (playback == null) {
            return;
        }
        if (playing.get()) {
            run(playback::pause, () -> playing.set(false));
        } else if (ended.get()) {
            Instant start = playback.timeline().start();
            run(() -> {
                playback.seek(start);
                playback.resume();
            }, () -> {
                ended.set(false);
                playing.set(true);
            });
        } else {
            run(playback::resume, () -> playing.set(true));
        }
    }

    /// Digital zoom by the mouse wheel at a point of the picture (fractions of what is shown);
    /// the watermark is drawn after zooming, so it stays in the picture.
    public void zoomAt(double fx, double fy, double factor) {
        if (playback instanceof mamori.playback.PlaybackSession single) {
            zoom = zoom.zoomedAt(Math.clamp(fx, 0.0, 1.0), Math.clamp(fy, 0.0, 1.0), factor);
            single.zoom(zoom);
        }
    }

    public void resetZoom() {
        if (playback instanceof mamori.playback.PlaybackSession single) {
            zoom = mamori.playback.ZoomRegion.WHOLE;
            single.zoom(zoom);
        }
    }

    /// Whether a single camera with privacy masks is shown (masks are lifted one camera at a time).
    public boolean masksCanBeLifted() {
        return playback instanceof mamori.playback.PlaybackSession single && single.hasMasks();
    }

    /// Lifts or restores the masks; the policy decides and the log records it first.
    public void toggleMasks() {
        if (!(playback instanceof mamori.playback.PlaybackSession single)) {
            return;
        }
        boolean lift = !masksLifted.get();
        run(() -> single.liftMasks(lift), () -> masksLifted.set(lift));
    }

    public ReadOnlyBooleanProperty masksLiftedProperty() {
        return masksLifted.getReadOnlyProperty();
    }

    public void step(int frames) {
        run(() -> playback.step(frames), () -> playing.set(false));
    }

    public void setRate(double newRate) {
        if (newRate == rate || newRate < Player.MIN_RATE || newRate > Player.MAX_RATE) {
            return;
        }
        run(() -> playback.setRate(newRate), () -> {
            rate = newRate;
            rateText.set(rateLabel(newRate));
        });
    }

    public static String rateLabel(double rate) {
        return (rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate)) + "x";
    }

    /// A drag of the timeline starts, moves, ends (fractions of the whole timeline, 0..1).
    public void beginDrag() {
        if (playback != null) {
            dragging = true;
            playback.beginScrub();
        }
    }

    public void drag(double fraction) {
        if (dragging) {
            playback.scrub(at(fraction));
        }
    }

    public void endDrag(double fraction) {
        if (!dragging) {
            return;
        }
        dragging = false;
        Instant to = at(fraction);
        run(() -> playback.endScrub(to), () -> { });
    }

    /// Jumps to a typed date and time (facility time zone).
    public void jumpTo(String typed) {
        Instant to;
        try {
            to = LocalDateTime.parse(typed.strip(), TYPED).atZone(zone).toInstant();
        } catch (DateTimeParseException e) {
            message.set(messages.get("player.badTime", typed));
            return;
        }
        RecordingTimeline timeline = playback.timeline();
        if (to.isBefore(timeline.start()) || !to.isBefore(timeline.end())) {
            message.set(messages.get("player.outsideRecording", SHOWN.format(timeline.start().atZone(zone)),
                    SHOWN.format(timeline.end().atZone(zone))));
            return;
        }
        run(() -> playback.seek(to), () -> ended.set(false));
    }

    /// Stops (recorded, with the span watched) and goes back to the camera list.
    public void close() {
        if (playback == null) {
            onClosed.run();
            return;
        }
        PlaybackControls closing = playback;
        tasks.execute(() -> {
            closing.stop("viewer");
            return null;
        }, done -> onClosed.run(), failure -> {
            message.set(messages.get("player.auditUnavailable", failure.getMessage()));
            onClosed.run();
        });
    }

    /// Where "request an export" leads: the position shown and the recording's timeline (set by the
    /// window for a single camera; the button is offered only then).
    public void onRequestExport(java.util.function.BiConsumer<Instant, RecordingTimeline> action) {
        this.onRequestExport = action;
    }

    public boolean exportRequestOffered() {
        return onRequestExport != null;
    }

    /// Stops playback (recorded) and opens the export request at the position shown.
    public void requestExport() {
        if (onRequestExport == null || playback == null) {
            return;
        }
        PlaybackControls closing = playback;
        Instant at = latestShown != null ? latestShown : closing.timeline().start();
        RecordingTimeline timeline = closing.timeline();
        tasks.execute(() -> {
            closing.stop("export request");
            return null;
        }, done -> onRequestExport.accept(at, timeline), failure -> message.set(messages.get("player.auditUnavailable", failure.getMessage())));
    }

    /// Ends playback without the viewer asking (logout, lock); recorded like a stop.
    public void stopQuietly(String reason) {
        if (playback != null) {
            try {
                playback.stop(reason);
            } catch (Exception e) {
                // The session is shut either way; the log's own failure is reported by the log.
            }
        }
    }

    private void showPosition() {
        positionUpdatePending.set(false);
        Instant shown = latestShown;
        pauseAtSpanEnd(shown);
        if (shown == null || playback == null) {
            return;
        }
        positionText.set(SHOWN.format(shown.atZone(zone)));
        RecordingTimeline timeline = playback.timeline();
        double whole = Duration.between(timeline.start(), timeline.end()).toMillis();
        positionFraction.set(whole <= 0 ? 0 : Duration.between(timeline.start(), shown).toMillis() / whole);
    }

    private Instant at(double fraction) {
        RecordingTimeline timeline = playback.timeline();
        long whole = Duration.between(timeline.start(), timeline.end()).toMillis();
        double clamped = Math.clamp(fraction, 0.0, 1.0);
        Instant at = timeline.start().plusMillis((long) (whole * clamped));
        return at.isBefore(timeline.end()) ? at : timeline.end().minusMillis(1);
    }

    /// Runs audited actions one after another, in the order the viewer made them (the executor's
    /// threads alone would not keep a pause before the resume that follows it).
    private void run(PlaybackAction action, Runnable onDone) {
        if (playback == null) {
            return;
        }
        queued.add(new Queued(action, onDone));
        if (!busy) {
            runNext();
        }
    }

    private void runNext() {
        Queued next = queued.poll();
        if (next == null) {
            busy = false;
            return;
        }
        busy = true;
        tasks.execute(() -> {
            next.action().run();
            return null;
        }, done -> {
            message.set("");
            next.onDone().run();
            runNext();
        }, failure -> {
            message.set(describe(failure));
            runNext();
        });
    }

    private record Queued(PlaybackAction action, Runnable onDone) {
    }

    private String describe(Exception failure) {
        if (failure instanceof PlaybackDeniedException denied) {
            return messages.get("player.denied", messages.get("policy.denied." + denied.reason().name()));
        }
        if (failure instanceof mamori.audit.AuditUnavailableException) {
            return messages.get("player.auditUnavailable", failure.getMessage());
        }
        return messages.get("player.actionFailed", failure.getMessage());
    }

    public ReadOnlyStringProperty positionTextProperty() {
        return positionText.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty positionFractionProperty() {
        return positionFraction.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty playingProperty() {
        return playing.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty rateTextProperty() {
        return rateText.getReadOnlyProperty();
    }

    @FunctionalInterface
    private interface PlaybackAction {
        void run() throws Exception;
    }
}
