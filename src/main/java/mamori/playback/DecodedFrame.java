package mamori.playback;

import java.nio.ByteBuffer;
import java.time.Duration;

/// One decoded picture in BGRA, premultiplied (video is opaque), `stride` bytes per row; the
/// buffer belongs to the decoder and is valid until its next call. `offset` is the picture's time
/// from the start of its file; `zoom` the part of the camera's picture it shows.
public record DecodedFrame(ByteBuffer pixels, int width, int height, int stride, Duration offset, ZoomRegion zoom) {

    public DecodedFrame(ByteBuffer pixels, int width, int height, int stride, Duration offset) {
        this(pixels, width, height, stride, offset, ZoomRegion.WHOLE);
    }
}
