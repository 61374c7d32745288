package mamori.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import mamori.camera.PrivacyMask;
import mamori.camera.PrivacyMask.Point;
import org.junit.jupiter.api.Test;

class ZoomRegionTest {

    @Test
    void zoomingKeepsThePointUnderTheCursorWhereItIs() {
        ZoomRegion zoomed = ZoomRegion.WHOLE.zoomedAt(0.25, 0.75, 2);
        assertEquals(0.5, zoomed.width(), 1e-9);
        // The picture point at (0.25, 0.75) is still at a quarter across and three quarters down.
        assertEquals(0.25, zoomed.x() + 0.25 * zoomed.width(), 1e-9);
        assertEquals(0.75, zoomed.y() + 0.75 * zoomed.height(), 1e-9);
    }

    @Test
    void zoomStaysInsideThePictureAndWithinEightTimes() {
        ZoomRegion corner = ZoomRegion.WHOLE.zoomedAt(1, 1, 100);
        assertEquals(1 / ZoomRegion.MAX_FACTOR, corner.width(), 1e-9);
        assertEquals(1.0, corner.x() + corner.width(), 1e-9);
        assertTrue(corner.zoomedAt(0.5, 0.5, 1e-6).whole(), "zooming out ends at the whole picture");
        assertThrows(IllegalArgumentException.class, () -> new ZoomRegion(0.9, 0, 0.2, 0.5));
    }

    @Test
    void masksFollowTheZoom() {
        PrivacyMask leftHalf = new PrivacyMask("left", List.of(new Point(0, 0), new Point(0.5, 0), new Point(0.5, 1), new Point(0, 1)));
        FrameSize size = new FrameSize(100, 100);
        MaskRaster rightHalf = MaskRaster.of(List.of(leftHalf), size, new ZoomRegion(0.5, 0, 0.5, 1));
        assertTrue(rightHalf.isEmpty(), "zoomed into the right half, nothing is masked");
        MaskRaster middle = MaskRaster.of(List.of(leftHalf), size, new ZoomRegion(0.25, 0.25, 0.5, 0.5));
        assertTrue(middle.covers(10, 50) && middle.covers(49, 50), "left half of the zoomed picture covered");
        assertFalse(middle.covers(50, 50) || middle.covers(90, 50), "right half of the zoomed picture clear");
    }
}
