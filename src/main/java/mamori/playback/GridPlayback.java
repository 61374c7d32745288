package mamori.playback;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;
import mamori.identity.Session;

/// Up to four cameras watched side by side, kept at the same recording time: every control goes
/// to every camera, and each camera's own session records its moves. Which cameras are in the
/// grid is itself recorded (a camera switch) before anything plays.
public final class GridPlayback implements PlaybackControls {

    public static final int MAX_CAMERAS = 4;

    private final List<PlaybackSession> cells;
    private final AuditLog audit;
    private final Session session;
    private final RecordingTimeline timeline;

    GridPlayback(List<PlaybackSession> cells, AuditLog audit, Session session) {
        if (cells.isEmpty() || cells.size() > MAX_CAMERAS) {
            throw new IllegalArgumentException("A grid shows 1 to " + MAX_CAMERAS + " cameras");
        }
        this.cells = List.copyOf(cells);
        this.audit = audit;
        this.session = session;
        List<RecordingTimeline.Piece> all = new ArrayList<>();
        cells.forEach(cell -> all.addAll(cell.timeline().pieces()));
        this.timeline = RecordingTimeline.of(all);
    }

    public List<PlaybackSession> cells() {
        return cells;
    }

    @Override
    public String title() {
        return String.join(" / ", cells.stream().map(cell -> cell.camera().code()).toList());
    }

    @Override
    public boolean purposeRequired() {
        return cells.stream().anyMatch(PlaybackSession::purposeRequired);
    }

    @Override
    public RecordingTimeline timeline() {
        return timeline;
    }

    /// Records the grid, then starts every camera; if one may not start, none plays on.
    @Override
    public synchronized void start(Instant from, Optional<String> purpose) throws PlaybackDeniedException, AuditUnavailableException {
        audit.append(AuditEvent.of(AuditAction.CAMERA_SWITCH).person(session.person().id()).session(session.id())
                .detail("grid", cells.stream().map(cell -> cell.camera().id()).toList()));
        List<PlaybackSession> started = new ArrayList<>();
        try {
            for (PlaybackSession cell : cells) {
                cell.start(from, purpose);
                started.add(cell);
            }
        } catch (PlaybackDeniedException | AuditUnavailableException | RuntimeException e) {
            for (PlaybackSession cell : started) {
                cell.close();
            }
            throw e;
        }
    }

    @Override
    public synchronized void pause() throws AuditUnavailableException {
        for (PlaybackSession cell : cells) {
            cell.pause();
        }
    }

    @Override
    public synchronized void resume() throws AuditUnavailableException, PlaybackDeniedException {
        for (PlaybackSession cell : cells) {
            cell.resume();
        }
    }

    @Override
    public synchronized void seek(Instant to) throws AuditUnavailableException {
        for (PlaybackSession cell : cells) {
            cell.seek(to);
        }
    }

    @Override
    public synchronized void beginScrub() {
        cells.forEach(PlaybackSession::beginScrub);
    }

    @Override
    public synchronized void scrub(Instant to) {
        cells.forEach(cell -> cell.scrub(to));
    }

    @Override
    public synchronized void endScrub(Instant to) throws AuditUnavailableException {
        for (PlaybackSession cell : cells) {
            cell.endScrub(to);
        }
    }

    @Override
    public synchronized void setRate(double rate) throws AuditUnavailableException {
        for (PlaybackSession cell : cells) {
            cell.setRate(rate);
        }
    }

    @Override
    public synchronized void step(int frames) throws AuditUnavailableException {
        for (PlaybackSession cell : cells) {
            cell.step(frames);
        }
    }

    /// Stops every camera, even when recording one stop fails; the first failure is rethrown.
    @Override
    public synchronized void stop(String reason) throws AuditUnavailableException {
        AuditUnavailableException first = null;
        for (PlaybackSession cell : cells) {
            try {
                cell.stop(reason);
            } catch (AuditUnavailableException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
