/// The optional libVLC engine (vlcj): plays local recording files into the player's buffers through
/// a callback surface, and is chosen with `MAMORI_ENGINE=vlc`. It owns nothing else: pacing, the
/// watermark and the masks stay in [mamori.playback.Player]; no JavaFX here.
package mamori.playback.vlc;
