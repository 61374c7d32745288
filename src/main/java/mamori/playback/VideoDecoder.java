package mamori.playback;

import java.time.Duration;
import java.util.Optional;

/// One open video file or stream, decoding to BGRA at a fixed size. Not thread-safe: one player
/// thread owns it.
public interface VideoDecoder extends AutoCloseable {

    /// Decodes the next picture into `target` (BGRA at the size opened, `width * 4` bytes per row),
    /// or empty at the end of the file.
    Optional<DecodedFrame> next(java.nio.ByteBuffer target) throws PlaybackException;

    /// Moves so that the next picture is the one shown at `offset` (the last one starting at or
    /// before it): exact, decoding forward from the key frame before it.
    void seekExact(Duration offset) throws PlaybackException;

    /// Moves to the key frame at or before `offset`: fast, for scrubbing while a slider is dragged.
    void seekKeyFrame(Duration offset) throws PlaybackException;

    /// Shows only `region` of the picture from the next frame on, scaled to the size opened.
    void zoom(ZoomRegion region);

    Duration length();

    int frameRate();

    @Override
    void close();
}
