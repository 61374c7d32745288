package mamori.playback;

import mamori.policy.DenialReason;

/// The policy refused playback; the reason is on screen and in the audit log.
public final class PlaybackDeniedException extends Exception {

    private final DenialReason reason;

    public PlaybackDeniedException(DenialReason reason) {
        super("Playback refused: " + reason);
        this.reason = reason;
    }

    public DenialReason reason() {
        return reason;
    }
}
