package mamori.playback;

import java.nio.file.Path;

/// Opens video for the player: FFmpeg (javacv) by default; the same interface admits libVLC.
public interface VideoEngine {

    VideoDecoder open(Path file, FrameSize size) throws PlaybackException;

    /// The size of the pictures in `file`, read from its header.
    FrameSize probe(Path file) throws PlaybackException;

    String name();
}
