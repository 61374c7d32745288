package mamori.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import mamori.camera.PrivacyMask;
import mamori.camera.PrivacyMask.Point;
import org.junit.jupiter.api.Test;

class MaskRasterTest {

    private static final PrivacyMask LEFT_HALF = new PrivacyMask("left half",
            List.of(new Point(0, 0), new Point(0.5, 0), new Point(0.5, 1), new Point(0, 1)));
    private static final PrivacyMask TRIANGLE = new PrivacyMask("triangle",
            List.of(new Point(0.5, 0), new Point(1, 1), new Point(0, 1)));

    @Test
    void aRectangleCoversExactlyThePixelsWhoseCentresLieInside() {
        MaskRaster raster = MaskRaster.of(List.of(LEFT_HALF), new FrameSize(10, 4));
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 10; x++) {
                assertEquals(x < 5, raster.covers(x, y), "pixel " + x + "," + y);
            }
        }
    }

    @Test
    void aTriangleWidensRowByRow() {
        MaskRaster raster = MaskRaster.of(List.of(TRIANGLE), new FrameSize(100, 100));
        assertTrue(raster.covers(50, 1));
        assertFalse(raster.covers(10, 1));
        assertTrue(raster.covers(1, 99));
        assertTrue(raster.covers(98, 99));
        assertFalse(raster.covers(20, 30), "outside the left edge");
    }

    @Test
    void fillingWritesTheCoverColourOnlyIntoMaskedPixelsAndRespectsTheStride() {
        FrameSize size = new FrameSize(8, 2);
        int stride = 8 * 4 + 16;
        ByteBuffer pixels = ByteBuffer.allocateDirect(stride * 2);
        for (int i = 0; i < pixels.capacity(); i++) {
            pixels.put(i, (byte) 0x7F);
        }
        MaskRaster.of(List.of(LEFT_HALF), size).fill(new DecodedFrame(pixels, 8, 2, stride, Duration.ZERO));
        for (int y = 0; y < 2; y++) {
            for (int x = 0; x < 8; x++) {
                int at = y * stride + x * 4;
                byte expected = x < 4 ? (byte) 0x30 : (byte) 0x7F;
                assertEquals(expected, pixels.get(at), "blue of " + x + "," + y);
                assertEquals(x < 4 ? (byte) 0xFF : (byte) 0x7F, pixels.get(at + 3), "alpha of " + x + "," + y);
            }
            for (int pad = 32; pad < stride; pad++) {
                assertEquals((byte) 0x7F, pixels.get(y * stride + pad), "row padding untouched");
            }
        }
    }

    @Test
    void noMasksMeansNothingIsCovered() {
        assertTrue(MaskRaster.of(List.of(), new FrameSize(16, 16)).isEmpty());
    }
}
