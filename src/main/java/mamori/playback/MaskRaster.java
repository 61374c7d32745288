package mamori.playback;

import java.util.Arrays;
import java.util.List;
import mamori.camera.PrivacyMask;

/// Privacy masks turned into pixel runs for one picture size, once; filling them into a frame is
/// then a few memory writes per row. A pixel is covered when its centre lies inside a polygon
/// (even-odd rule, as for any scan-line fill).
public final class MaskRaster {

    private static final int COVER_BGRA = 0xFF303030;

    private final PixelView view = new PixelView();
    private final int width;
    private final int height;
    /// Triples (row, first column, column after the last).
    private final int[] runs;
    private final int runCount;
    /// One row of the cover colour, copied in bulk into each run.
    private final int[] coverRow;

    private MaskRaster(int width, int height, int[] runs, int runCount) {
        this.width = width;
        this.height = height;
        this.runs = runs;
        this.runCount = runCount;
        this.coverRow = new int[width];
        java.util.Arrays.fill(coverRow, COVER_BGRA);
    }

    public static MaskRaster of(List<PrivacyMask> masks, FrameSize size) {
        return of(masks, size, ZoomRegion.WHOLE);
    }

    /// The runs for a picture showing only `zoom` of the camera's picture.
    public static MaskRaster of(List<PrivacyMask> masks, FrameSize size, ZoomRegion zoom) {
        int[] runs = new int[48];
        int count = 0;
        double[] crossings = new double[16];
        for (PrivacyMask mask : masks) {
            List<PrivacyMask.Point> corners = mask.corners();
            for (int row = 0; row < size.height(); row++) {
                double y = zoom.y() + (row + 0.5) / size.height() * zoom.height();
                int found = 0;
                for (int i = 0; i < corners.size(); i++) {
                    PrivacyMask.Point a = corners.get(i);
                    PrivacyMask.Point b = corners.get((i + 1) % corners.size());
                    if ((a.y() <= y) != (b.y() <= y)) {
                        if (found == crossings.length) {
                            crossings = Arrays.copyOf(crossings, found * 2);
                        }
                        crossings[found++] = a.x() + (y - a.y()) * (b.x() - a.x()) / (b.y() - a.y());
                    }
                }
                Arrays.sort(crossings, 0, found);
                for (int i = 0; i + 1 < found; i += 2) {
                    double left = (crossings[i] - zoom.x()) / zoom.width();
                    double right = (crossings[i + 1] - zoom.x()) / zoom.width();
                    int from = (int) Math.max(0, Math.ceil(left * size.width() - 0.5));
                    int to = (int) Math.min(size.width(), Math.ceil(right * size.width() - 0.5));
                    if (to > from) {
                        if (count * 3 + 3 > runs.length) {
                            runs = Arrays.copyOf(runs, runs.length * 2);
                        }
                        runs[count * 3] = row;
                        runs[count * 3 + 1] = from;
                        runs[count * 3 + 2] = to;
                        count++;
                    }
                }
            }
        }
        return new MaskRaster(size.width(), size.height(), runs, count);
    }

    public boolean fits(DecodedFrame frame) {
        return frame.width() == width && frame.height() == height;
    }

    public boolean isEmpty() {
        return runCount == 0;
    }

    /// Covers the masked pixels of `frame`, which must have this raster's size.
    public void fill(DecodedFrame frame) {
        java.nio.IntBuffer pixels = view.of(frame.pixels());
        int strideInts = frame.stride() / 4;
        for (int i = 0; i < runCount; i++) {
            int from = runs[i * 3 + 1];
            pixels.put(runs[i * 3] * strideInts + from, coverRow, 0, runs[i * 3 + 2] - from);
        }
    }

    /// Whether the pixel at (x, y) is covered: for tests and for showing masks while drawing them.
    public boolean covers(int x, int y) {
        for (int i = 0; i < runCount; i++) {
            if (runs[i * 3] == y && x >= runs[i * 3 + 1] && x < runs[i * 3 + 2]) {
                return true;
            }
        }
        return false;
    }
}
