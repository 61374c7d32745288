package mamori.ui.export.approval;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import mamori.audit.RecordingRange;
import mamori.playback.PlaybackControls;
import mamori.playback.PlaybackException;
import mamori.playback.PlaybackListener;
import mamori.policy.DenialReason;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;
import mamori.ui.export.ExportTexts;

/// The approval screen's preview: the request's span played through the ordinary player (masks and
/// watermark burned in), paused, with a slider over the span only. It is footage being viewed, so
/// it is audited as playback of the screen's session (decision 0024): `PLAY` with a purpose naming
/// the request, each slider drag one `SEEK`, `STOP` when the screen is left.
public final class ExportPreviewViewModel {

    private final RecordingRange span;
    private final String requestId;
    private final TaskExecutor tasks;
    private final Messages messages;
    private final ZoneId zone;
    private final ReadOnlyDoubleWrapper position = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper positionText = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper ready = new ReadOnlyBooleanWrapper();
    private final AtomicBoolean positionUpdatePending = new AtomicBoolean();
    private volatile Instant latestShown;
    private PlaybackControls playback;
    private boolean dragging;
    private boolean stopped;

    public ExportPreviewViewModel(RecordingRange span, String requestId, TaskExecutor tasks, Messages messages, ZoneId zone) {
        this.span = span;
        this.requestId = requestId;
        this.tasks = tasks;
        this.messages = messages;
        this.zone = zone;
        status.set(messages.get("export.preview.opening"));
    }

    /// The purpose the preview's `PLAY` entry carries.
    public String auditPurpose() {
        return "export review " + requestId;
    }

    /// The opened playback: started at the span's start (recorded), then paused (recorded).
    public void attach(PlaybackControls opened) {
        if (stopped) {
            stopQuietly(opened);
            return;
        }
        playback = opened;
        tasks.execute(() -> {
            opened.start(span.from(), Optional.of(auditPurpose()));
            opened.pause();
            return null;
        }, done -> {
            ready.set(true);
            status.set(messages.get("export.preview.hint"));
        }, failure -> status.set(messages.get("export.preview.failed", failure.getMessage())));
    }

    /// The preview could not be opened (no right to view, recording unreadable, log unavailable).
    public void unavailable(String reason) {
        status.set(messages.get("export.preview.failed", reason));
    }

    public void beginDrag() {
        if (ready.get() && !dragging) {
            dragging = true;
            playback.beginScrub();
        }
    }

    /// `fraction` of the span (0..1); frames follow, the log hears of the whole drag at its end.
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
        PlaybackControls moving = playback;
        tasks.execute(() -> {
            moving.endScrub(to);
            return null;
        }, done -> { }, failure -> status.set(messages.get("export.preview.failed", failure.getMessage())));
    }

    /// The screen is left: the preview ends (recorded).
    public void stop() {
        stopped = true;
        ready.set(false);
        PlaybackControls closing = playback;
        playback = null;
        if (closing != null) {
            tasks.execute(() -> {
                closing.stop("export review ended");
                return null;
            }, done -> { }, failure -> { });
        }
    }

    private static void stopQuietly(PlaybackControls opened) {
        try {
            opened.stop("screen left");
        } catch (Exception e) {
            // Never started, so nothing to record; the player is closed either way.
        }
    }

    private Instant at(double fraction) {
        double clamped = Math.max(0, Math.min(1, fraction));
        long whole = Duration.between(span.from(), span.to()).toMillis();
        Instant at = span.from().plusMillis((long) (whole * clamped));
        return at.isBefore(span.to()) ? at : span.to().minusMillis(1);
    }

    /// What the player reports, handed to the UI thread (positions coalesced to one per pulse).
    public PlaybackListener listener() {
        return new PlaybackListener() {
            @Override
            public void shown(Instant recorded) {
                latestShown = recorded;
                if (positionUpdatePending.compareAndSet(false, true)) {
                    tasks.onUiThread(ExportPreviewViewModel.this::showPosition);
                }
            }

            @Override
            public void ended() {
            }

            @Override
            public void failed(PlaybackException failure) {
                tasks.onUiThread(() -> status.set(messages.get("export.preview.failed", failure.getMessage())));
            }

            @Override
            public void viewingEndsSoon(Instant closesAt) {
            }

            @Override
            public void stoppedByPolicy(DenialReason reason) {
                tasks.onUiThread(() -> {
                    ready.set(false);
                    status.set(messages.get("export.preview.failed", messages.get("policy.denied." + reason.name())));
                });
            }

            @Override
            public void auditUnavailable(String message) {
                tasks.onUiThread(() -> {
                    ready.set(false);
                    status.set(messages.get("export.auditUnavailable", message));
                });
            }
        };
    }

    private void showPosition() {
        positionUpdatePending.set(false);
        Instant shown = latestShown;
        if (shown == null) {
            return;
        }
        positionText.set(ExportTexts.time(shown, zone));
        if (!dragging) {
            double whole = Duration.between(span.from(), span.to()).toMillis();
            position.set(whole <= 0 ? 0 : Math.max(0, Math.min(1, Duration.between(span.from(), shown).toMillis() / whole)));
        }
    }

    public ReadOnlyDoubleProperty positionProperty() {
        return position.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty positionTextProperty() {
        return positionText.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty readyProperty() {
        return ready.getReadOnlyProperty();
    }
}
