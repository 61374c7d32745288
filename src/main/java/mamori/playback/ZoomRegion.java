package mamori.playback;

/// The part of the camera's picture shown (digital zoom), as fractions of the whole picture.
/// The zoomed part is cut out before the watermark is drawn, so zooming never hides the mark.
public record ZoomRegion(double x, double y, double width, double height) {

    public static final ZoomRegion WHOLE = new ZoomRegion(0, 0, 1, 1);
    /// Beyond 8x a CCTV picture is mostly scaler blur.
    public static final double MAX_FACTOR = 8;

    public ZoomRegion {
        if (!(width >= 1 / MAX_FACTOR - 1e-9 && height >= 1 / MAX_FACTOR - 1e-9 && x >= 0 && y >= 0
                && x + width <= 1 + 1e-9 && y + height <= 1 + 1e-9)) {
            throw new IllegalArgumentException("Zoom region outside the picture: " + x + "," + y + " " + width + "x" + height);
        }
    }

    public boolean whole() {
        return width >= 1 - 1e-9 && height >= 1 - 1e-9;
    }

    /// Zooms by `factor` (>1 in, <1 out) keeping the picture point at (`fx`, `fy`) of this region
    /// (fractions of the region shown) where it is on screen.
    public ZoomRegion zoomedAt(double fx, double fy, double factor) {
        double newWidth = Math.clamp(width / factor, 1 / MAX_FACTOR, 1.0);
        double newHeight = Math.clamp(height / factor, 1 / MAX_FACTOR, 1.0);
        double pointX = x + fx * width;
        double pointY = y + fy * height;
        double newX = Math.clamp(pointX - fx * newWidth, 0.0, 1.0 - newWidth);
        double newY = Math.clamp(pointY - fy * newHeight, 0.0, 1.0 - newHeight);
        return new ZoomRegion(newX, newY, newWidth, newHeight);
    }
}
