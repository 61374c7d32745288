package mamori.playback;

import java.time.Instant;
import java.util.Optional;
import mamori.audit.AuditUnavailableException;

/// What the player screen can do, to one camera or to a grid of cameras kept in time. Every
/// method that moves playback records the move first (see [PlaybackSession]).
public interface PlaybackControls {

    String title();

    RecordingTimeline timeline();

    /// Whether playback starts only with a stated purpose.
    boolean purposeRequired();

    void start(Instant from, Optional<String> purpose) throws PlaybackDeniedException, AuditUnavailableException;

    void pause() throws AuditUnavailableException;

    void resume() throws AuditUnavailableException, PlaybackDeniedException;

    void seek(Instant to) throws AuditUnavailableException;

    void beginScrub();

    void scrub(Instant to);

    void endScrub(Instant to) throws AuditUnavailableException;

    void setRate(double rate) throws AuditUnavailableException;

    void step(int frames) throws AuditUnavailableException;

    void stop(String reason) throws AuditUnavailableException;
}
