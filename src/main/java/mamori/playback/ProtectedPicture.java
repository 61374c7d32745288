package mamori.playback;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import mamori.camera.PrivacyMask;

/// Masks first, then the watermark on top, so the mark is never hidden under a mask. The masks'
/// pixel runs are made once per frame size.
public final class ProtectedPicture implements FrameOverlay {

    private final List<PrivacyMask> masks;
    private final Watermark watermark;
    private final Clock clock;
    private MaskRaster raster;
    private volatile boolean masksLifted;
    private ZoomRegion rasterZoom = ZoomRegion.WHOLE;

    public ProtectedPicture(List<PrivacyMask> masks, Watermark watermark, Clock clock) {
        this.masks = List.copyOf(masks);
        this.watermark = watermark;
        this.clock = clock;
    }

    /// Whether this camera has masks at all (nothing to lift otherwise).
    public boolean hasMasks() {
        return !masks.isEmpty();
    }

    /// Lifted only by [PlaybackSession#liftMasks], after the right is checked and the lift recorded.
    void liftMasks(boolean lifted) {
        masksLifted = lifted;
    }

    @Override
    public void apply(DecodedFrame frame, Instant recorded) {
        if (!masks.isEmpty() && !masksLifted) {
            ZoomRegion shown = frame.zoom();
            if (raster == null || !raster.fits(frame) || !shown.equals(rasterZoom)) {
                raster = MaskRaster.of(masks, new FrameSize(frame.width(), frame.height()), shown);
                rasterZoom = shown;
            }
            raster.fill(frame);
        }
        watermark.draw(frame, clock.instant(), recorded);
    }
}
