package mamori.playback;

import java.time.Instant;
import mamori.policy.DenialReason;

/// What the screen hears from a [PlaybackSession], on background threads.
public interface PlaybackListener extends PlayerListener {

    /// The viewing window closes at `closesAt` (a few minutes from now); playback then stops.
    void viewingEndsSoon(Instant closesAt);

    /// Playback was stopped because the policy no longer allows it (hours over, right revoked).
    void stoppedByPolicy(DenialReason reason);

    /// The audit log cannot record: playback ended and shows nothing more.
    void auditUnavailable(String message);
}
