package mamori.playback;

/// Opens video for the player: FFmpeg (javacv) by default; the same interface admits libVLC.
public interface VideoEngine {

    VideoDecoder open(MediaSource source, FrameSize size) throws PlaybackException;

    /// The size of the pictures of `source`, read from its header.
    FrameSize probe(MediaSource source) throws PlaybackException;

    String name();
}
