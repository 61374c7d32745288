package mamori.export;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.IntBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import mamori.camera.PrivacyMask;
import mamori.playback.DecodedFrame;
import mamori.playback.FrameSize;
import mamori.playback.MaskRaster;

/// A camera's privacy masks as runs of luma and chroma samples of a YUV 4:2:0 picture, filled
/// with the same opaque grey the player shows. The polygons are rasterised once by the player's
/// own [MaskRaster] (so screen and export cover exactly the same pixels); a chroma sample is
/// covered when any of the four pixels it colours is.
final class PlanarMask {

    /// The player's cover colour, 0x303030, in BT.601 limited range.
    static final byte COVER_Y = 57;
    static final byte COVER_CHROMA = (byte) 128;

    private final FrameSize size;
    /// Triples (row, first column, column after the last) in the luma plane, then in the chroma planes.
    private final int[] lumaRuns;
    private final int[] chromaRuns;
    private final byte[] lumaRow;
    private final byte[] chromaRow;

    private PlanarMask(FrameSize size, int[] lumaRuns, int[] chromaRuns) {
        this.size = size;
        this.lumaRuns = lumaRuns;
        this.chromaRuns = chromaRuns;
        this.lumaRow = new byte[size.width()];
        Arrays.fill(lumaRow, COVER_Y);
        this.chromaRow = new byte[size.width() / 2];
        Arrays.fill(chromaRow, COVER_CHROMA);
    }

    static PlanarMask of(List<PrivacyMask> masks, FrameSize size) {
        if (masks.isEmpty()) {
            return new PlanarMask(size, new int[0], new int[0]);
        }
        int width = size.width();
        int height = size.height();
        ByteBuffer coverage = ByteBuffer.allocateDirect(size.bytesBgra());
        MaskRaster.of(masks, size).fill(new DecodedFrame(coverage, width, height, width * 4, Duration.ZERO));
        IntBuffer pixels = coverage.order(ByteOrder.LITTLE_ENDIAN).asIntBuffer();
        boolean[] chromaCovered = new boolean[(width / 2) * (height / 2)];
        int[] luma = new int[0];
        int lumaCount = 0;
        for (int row = 0; row < height; row++) {
            int column = 0;
            while (column < width) {
                while (column < width && pixels.get(row * width + column) == 0) {
                    column++;
                }
                int from = column;
                while (column < width && pixels.get(row * width + column) != 0) {
                    chromaCovered[(row / 2) * (width / 2) + Math.min(column / 2, width / 2 - 1)] = true;
                    column++;
                }
                if (column > from) {
                    if (lumaCount * 3 + 3 > luma.length) {
                        luma = Arrays.copyOf(luma, Math.max(48, luma.length * 2));
                    }
                    luma[lumaCount * 3] = row;
                    luma[lumaCount * 3 + 1] = from;
                    luma[lumaCount * 3 + 2] = column;
                    lumaCount++;
                }
            }
        }
        return new PlanarMask(size, Arrays.copyOf(luma, lumaCount * 3), runs(chromaCovered, width / 2, height / 2));
    }

    private static int[] runs(boolean[] covered, int width, int height) {
        int[] runs = new int[0];
        int count = 0;
        for (int row = 0; row < height; row++) {
            int column = 0;
            while (column < width) {
                while (column < width && !covered[row * width + column]) {
                    column++;
                }
                int from = column;
                while (column < width && covered[row * width + column]) {
                    column++;
                }
                if (column > from) {
                    if (count * 3 + 3 > runs.length) {
                        runs = Arrays.copyOf(runs, Math.max(48, runs.length * 2));
                    }
                    runs[count * 3] = row;
                    runs[count * 3 + 1] = from;
                    runs[count * 3 + 2] = column;
                    count++;
                }
            }
        }
        return Arrays.copyOf(runs, count * 3);
    }

    boolean isEmpty() {
        return lumaRuns.length == 0;
    }

    /// Covers the masked samples of `picture` (YUV 4:2:0 of this mask's size, planes packed).
    void fill(ByteBuffer picture) {
        int width = size.width();
        for (int i = 0; i < lumaRuns.length; i += 3) {
            picture.put(lumaRuns[i] * width + lumaRuns[i + 1], lumaRow, 0, lumaRuns[i + 2] - lumaRuns[i + 1]);
        }
        int chromaWidth = width / 2;
        int uPlane = width * size.height();
        int vPlane = uPlane + chromaWidth * (size.height() / 2);
        for (int i = 0; i < chromaRuns.length; i += 3) {
            int at = chromaRuns[i] * chromaWidth + chromaRuns[i + 1];
            int length = chromaRuns[i + 2] - chromaRuns[i + 1];
            picture.put(uPlane + at, chromaRow, 0, length);
            picture.put(vPlane + at, chromaRow, 0, length);
        }
    }
}
