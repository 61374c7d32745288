package mamori.playback;

import java.time.Instant;

/// What a [Player] reports, on its own thread.
public interface PlayerListener {

    /// A frame of recording time `recorded` has just been shown.
    void shown(Instant recorded);

    /// Playback ran to the end of the recording and paused there.
    void ended();

    /// The recording could not be read further; playback paused.
    void failed(PlaybackException failure);
}
