package mamori.camera;

import java.util.List;

/// An area of a camera's picture that is always covered: a polygon in picture coordinates scaled
/// to 0..1, so one mask fits every size the picture is shown at.
public record PrivacyMask(String label, List<Point> corners) {

    public PrivacyMask {
        corners = List.copyOf(corners);
        if (corners.size() < 3) {
            throw new IllegalArgumentException("A privacy mask needs at least three corners");
        }
    }

    /// A corner, x from the left and y from the top, each 0..1.
    public record Point(double x, double y) {

        public Point {
            if (!(x >= 0 && x <= 1 && y >= 0 && y <= 1)) {
                throw new IllegalArgumentException("Mask corner outside the picture: " + x + ", " + y);
            }
        }
    }
}
