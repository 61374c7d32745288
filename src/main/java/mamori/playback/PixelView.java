package mamori.playback;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;

/// A frame's bytes seen as whole BGRA pixels (one little-endian int each). Decoders hand out the
/// same buffer frame after frame, so the view is made once per buffer, not once per frame.
final class PixelView {

    private ByteBuffer viewed;
    private IntBuffer pixels;

    IntBuffer of(ByteBuffer buffer) {
        if (buffer != viewed) {
            viewed = buffer;
            pixels = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        }
        return pixels;
    }
}
