package mamori.export;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.nio.ByteBuffer;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import mamori.playback.FrameSize;

/// The label burned into every frame of an export: the export id, who asked for it, who approved
/// it and when. Its text is fixed for the whole file, so it is rendered once (with AWT) and kept
/// as the luma and chroma samples it changes; each frame then blends only those, straight into
/// the picture in YUV 4:2:0 (no conversion to RGB and back).
///
/// It drifts slowly across the picture (one sweep every two to three minutes of the export), so
/// no fixed crop removes it from the whole file; where it is at time `t` is a formula simple
/// enough for FFmpeg's `overlay` filter to follow (the benchmark does).
public final class ExportWatermark {

    /// Seconds for one sweep across and one sweep down.
    static final int SWEEP_X_SECONDS = 120;
    static final int SWEEP_Y_SECONDS = 170;
    private static final int OPACITY = 200;
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final FrameSize frame;
    private final BufferedImage stamp;
    private final int stampWidth;
    private final int stampHeight;
    private final int margin;
    /// Luma samples the stamp covers: offset in the stamp, value, alpha (0..255).
    private final int[] luma;
    private final int lumaCount;
    /// Chroma samples (one per 2x2 block): offset in the half-size stamp, U, V, alpha.
    private final int[] chroma;
    private final int chromaCount;

    /// The words around the values, in the facility's language.
    public record Labels(String export, String requester, String approver, String date) {
    }

    private ExportWatermark(FrameSize frame, BufferedImage stamp) {
        this.frame = frame;
        this.stamp = stamp;
        this.stampWidth = stamp.getWidth();
        this.stampHeight = stamp.getHeight();
        this.margin = Math.max(2, frame.height() / 60) & ~1;
        int[] argb = stamp.getRGB(0, 0, stampWidth, stampHeight, null, 0, stampWidth);
        int[] lumaSamples = new int[argb.length * 3];
        int count = 0;
        for (int i = 0; i < argb.length; i++) {
            int alpha = argb[i] >>> 24;
            if (alpha > 0) {
                lumaSamples[count * 3] = i;
                lumaSamples[count * 3 + 1] = lumaOf(argb[i]);
                lumaSamples[count * 3 + 2] = alpha;
                count++;
            }
        }
        this.luma = lumaSamples;
        this.lumaCount = count;
        int chromaWidth = stampWidth / 2;
        int[] chromaSamples = new int[chromaWidth * (stampHeight / 2) * 4];
        count = 0;
        for (int cy = 0; cy < stampHeight / 2; cy++) {
            for (int cx = 0; cx < chromaWidth; cx++) {
                long alphaSum = 0;
                long uSum = 0;
                long vSum = 0;
                for (int dy = 0; dy < 2; dy++) {
                    for (int dx = 0; dx < 2; dx++) {
                        int pixel = argb[(cy * 2 + dy) * stampWidth + cx * 2 + dx];
                        int alpha = pixel >>> 24;
                        alphaSum += alpha;
                        uSum += (long) alpha * uOf(pixel);
                        vSum += (long) alpha * vOf(pixel);
                    }
                }
                if (alphaSum > 0) {
                    chromaSamples[count * 4] = cy * chromaWidth + cx;
                    chromaSamples[count * 4 + 1] = (int) (uSum / alphaSum);
                    chromaSamples[count * 4 + 2] = (int) (vSum / alphaSum);
                    chromaSamples[count * 4 + 3] = (int) (alphaSum / 4);
                    count++;
                }
            }
        }
        this.chroma = chromaSamples;
        this.chromaCount = count;
    }

    /// The mark of `order` for pictures of `frame` size, the date shown in `zone`.
    public static ExportWatermark of(ExportOrder order, Labels labels, ZoneId zone, FrameSize frame) {
        return new ExportWatermark(frame, render(lines(order, labels, zone), frame));
    }

    static List<String> lines(ExportOrder order, Labels labels, ZoneId zone) {
        return List.of(labels.export() + " " + order.exportId(),
                labels.requester() + " " + order.requesterName() + " (" + order.requesterId() + ")   " + labels.approver() + " "
                        + order.approverName() + " (" + order.approverId() + ")",
                labels.date() + " " + DATE.format(order.approvedAt().atZone(zone)));
    }

    /// White text with a dark outline, readable on light and dark pictures; the font shrinks
    /// until the label fits in the picture.
    private static BufferedImage render(List<String> lines, FrameSize frame) {
        int fontSize = Math.max(10, frame.height() / 30);
        while (true) {
            Font font = new Font(fontFamily(), Font.BOLD, fontSize);
            BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
            Graphics2D measure = probe.createGraphics();
            FontMetrics metrics = measure.getFontMetrics(font);
            measure.dispose();
            int textWidth = lines.stream().mapToInt(metrics::stringWidth).max().orElse(0);
            int width = (textWidth + 8 + 1) & ~1;
            int height = (metrics.getHeight() * lines.size() + 6 + 1) & ~1;
            if ((width > frame.width() - 8 || height > frame.height() - 8) && fontSize > 6) {
                fontSize--;
                continue;
            }
            BufferedImage image = new BufferedImage(Math.min(width, frame.width() & ~1), Math.min(height, frame.height() & ~1),
                    BufferedImage.TYPE_INT_ARGB);
            Graphics2D g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setFont(font);
            int baseline = metrics.getAscent() + 3;
            g.setColor(new Color(0, 0, 0, OPACITY));
            for (int line = 0; line < lines.size(); line++) {
                for (int dx = -1; dx <= 1; dx++) {
                    for (int dy = -1; dy <= 1; dy++) {
                        g.drawString(lines.get(line), 4 + dx, baseline + line * metrics.getHeight() + dy);
                    }
                }
            }
            g.setColor(new Color(255, 255, 255, OPACITY));
            for (int line = 0; line < lines.size(); line++) {
                g.drawString(lines.get(line), 4, baseline + line * metrics.getHeight());
            }
            g.dispose();
            return image;
        }
    }

    private static String fontFamily() {
        for (String family : java.awt.GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames()) {
            if (family.equals("Noto Sans CJK JP")) {
                return family;
            }
        }
        return Font.SANS_SERIF;
    }

    /// The rendered label (ARGB, its alpha already the mark's opacity): what the benchmark gives
    /// FFmpeg's overlay filter.
    public BufferedImage image() {
        return stamp;
    }

    /// The margin kept from the picture's edges, in pixels (even).
    public int margin() {
        return margin;
    }

    /// The top-left corner of the label at `seconds` into the export: even coordinates (4:2:0),
    /// `margin + travel * |((t / sweep) mod 2) - 1|` on each axis.
    public int[] placement(double seconds) {
        int travelX = Math.max(0, frame.width() - stampWidth - 2 * margin);
        int travelY = Math.max(0, frame.height() - stampHeight - 2 * margin);
        int x = Math.min(frame.width() - stampWidth, margin + (int) (travelX * triangle(seconds / SWEEP_X_SECONDS)));
        int y = Math.min(frame.height() - stampHeight, margin + (int) (travelY * triangle(seconds / SWEEP_Y_SECONDS)));
        return new int[] {Math.max(0, x) & ~1, Math.max(0, y) & ~1, stampWidth, stampHeight};
    }

    private static double triangle(double sweeps) {
        return Math.abs(sweeps % 2 - 1);
    }

    /// Blends the label into `picture`, a YUV 4:2:0 picture of this mark's frame size (planes one
    /// after another, no padding), as it is at `seconds` into the export.
    public void draw(ByteBuffer picture, double seconds) {
        int[] at = placement(seconds);
        int width = frame.width();
        int origin = at[1] * width + at[0];
        for (int i = 0; i < lumaCount; i++) {
            int offset = luma[i * 3];
            int index = origin + (offset / stampWidth) * width + offset % stampWidth;
            int under = picture.get(index) & 0xFF;
            picture.put(index, (byte) (under + (luma[i * 3 + 1] - under) * luma[i * 3 + 2] / 255));
        }
        int chromaWidth = width / 2;
        int uPlane = width * frame.height();
        int vPlane = uPlane + chromaWidth * (frame.height() / 2);
        int chromaOrigin = (at[1] / 2) * chromaWidth + at[0] / 2;
        int stampChromaWidth = stampWidth / 2;
        for (int i = 0; i < chromaCount; i++) {
            int offset = chroma[i * 4];
            int index = chromaOrigin + (offset / stampChromaWidth) * chromaWidth + offset % stampChromaWidth;
            int alpha = chroma[i * 4 + 3];
            int u = picture.get(uPlane + index) & 0xFF;
            picture.put(uPlane + index, (byte) (u + (chroma[i * 4 + 1] - u) * alpha / 255));
            int v = picture.get(vPlane + index) & 0xFF;
            picture.put(vPlane + index, (byte) (v + (chroma[i * 4 + 2] - v) * alpha / 255));
        }
    }

    /// BT.601 limited range, as H.264 cameras and FFmpeg's default conversions use.
    private static int lumaOf(int argb) {
        int r = argb >> 16 & 0xFF;
        int g = argb >> 8 & 0xFF;
        int b = argb & 0xFF;
        return ((66 * r + 129 * g + 25 * b + 128) >> 8) + 16;
    }

    private static int uOf(int argb) {
        int r = argb >> 16 & 0xFF;
        int g = argb >> 8 & 0xFF;
        int b = argb & 0xFF;
        return ((-38 * r - 74 * g + 112 * b + 128) >> 8) + 128;
    }

    private static int vOf(int argb) {
        int r = argb >> 16 & 0xFF;
        int g = argb >> 8 & 0xFF;
        int b = argb & 0xFF;
        return ((112 * r - 94 * g - 18 * b + 128) >> 8) + 128;
    }
}
