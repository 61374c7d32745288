package mamori.playback;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Optional;

/// Where finished frames go (the screen's pixel buffers, a benchmark's buffer). Frames are decoded
/// straight into a buffer the sink lends out, so a frame is never copied on its way to the screen.
/// Called on the player's thread.
public interface FrameSink {

    /// A buffer of the sink's frame size (BGRA, `width * 4` bytes per row) to decode the next frame
    /// into, waiting at most `wait`; empty if none is free (the frame is then decoded and dropped).
    Optional<ByteBuffer> lend(Duration wait) throws InterruptedException;

    /// Shows a frame decoded into a lent buffer; the buffer goes back to the sink.
    void show(DecodedFrame frame);

    /// Gives back a lent buffer whose frame is not to be shown.
    void giveBack(ByteBuffer buffer);
}
