package mamori.playback;

import java.time.Instant;

/// What is drawn into a decoded frame before it is shown (privacy masks, the watermark).
public interface FrameOverlay {

    void apply(DecodedFrame frame, Instant recorded);

    FrameOverlay NONE = (frame, recorded) -> { };
}
