package mamori.playback;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;

/// The mark drawn into every frame shown: who is watching, on which terminal, the time now and
/// the recording's time. Semi-transparent, and it jumps to a new place every few seconds, so no
/// crop of a screen photo or recording removes it.
///
/// The text is rendered (with AWT, off screen) only when it changes, at most once a second; each
/// frame then only blends the stamp's few thousand pixels.
public final class Watermark {

    static final long MOVE_EVERY_MILLIS = 4_000;
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final int OPACITY = 170;

    private final PixelView view = new PixelView();
    private final String identityLine;
    private final Labels labels;
    private final ZoneId zone;
    private final long placementSeed;
    private String renderedText = "";
    private int renderedHeight;
    private int[] visibleOffsets = new int[0];
    private int[] visibleColours = new int[0];
    private int visibleCount;
    private int stampWidth;
    private int stampHeight;

    /// `labels` come from the screen's language; `placementSeed` varies the path per session.
    public Watermark(String viewer, String terminal, Labels labels, ZoneId zone, long placementSeed) {
        this.identityLine = labels.viewer() + " " + viewer + "   " + labels.terminal() + " " + terminal;
        this.labels = labels;
        this.zone = zone;
        this.placementSeed = placementSeed;
    }

    /// The words around the values, in the screen's language.
    public record Labels(String viewer, String terminal, String now, String recorded) {
    }

    public void draw(DecodedFrame frame, Instant now, Instant recorded) {
        String timeLine = labels.now() + " " + TIME.format(now.atZone(zone)) + "   " + labels.recorded() + " "
                + TIME.format(recorded.atZone(zone));
        if (!timeLine.equals(renderedText) || renderedHeight != frame.height()) {
            render(timeLine, frame.height());
        }
        if (stampWidth > frame.width() || stampHeight > frame.height()) {
            return;
        }
        SplittableRandom place = new SplittableRandom(placementSeed ^ (now.toEpochMilli() / MOVE_EVERY_MILLIS) * 0x9E3779B97F4A7C15L);
        int left = place.nextInt(frame.width() - stampWidth + 1);
        int top = place.nextInt(frame.height() - stampHeight + 1);
        blend(frame, left, top);
    }

    /// Where the stamp's top-left corner is for `now` on a frame of `size` (for tests).
    int[] placement(FrameSize size, Instant now) {
        SplittableRandom place = new SplittableRandom(placementSeed ^ (now.toEpochMilli() / MOVE_EVERY_MILLIS) * 0x9E3779B97F4A7C15L);
        return new int[] {place.nextInt(size.width() - stampWidth + 1), place.nextInt(size.height() - stampHeight + 1), stampWidth, stampHeight};
    }

    private void render(String timeLine, int frameHeight) {
        int fontSize = Math.max(12, frameHeight / 26);
        Font font = new Font("Noto Sans CJK JP", Font.BOLD, fontSize);
        BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        Graphics2D measure = probe.createGraphics();
        FontMetrics metrics = measure.getFontMetrics(font);
        int width = Math.max(metrics.stringWidth(identityLine), metrics.stringWidth(timeLine)) + 8;
        int lineHeight = metrics.getHeight();
        measure.dispose();
        BufferedImage image = new BufferedImage(width, lineHeight * 2 + 6, BufferedImage.TYPE_INT_ARGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(font);
        int baseline = metrics.getAscent() + 2;
        // A dark outline under white text keeps the mark readable on light and dark pictures.
        g.setColor(new java.awt.Color(0, 0, 0, 200));
        for (int dx = -1; dx <= 1; dx++) {
            for (int dy = -1; dy <= 1; dy++) {
                g.drawString(identityLine, 4 + dx, baseline + dy);
                g.drawString(timeLine, 4 + dx, baseline + lineHeight + dy);
            }
        }
        g.setColor(java.awt.Color.WHITE);
        g.drawString(identityLine, 4, baseline);
        g.drawString(timeLine, 4, baseline + lineHeight);
        g.dispose();
        int[] stamp = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        visibleOffsets = new int[stamp.length];
        visibleColours = new int[stamp.length];
        visibleCount = 0;
        for (int i = 0; i < stamp.length; i++) {
            int alpha = (stamp[i] >>> 24) * OPACITY / 255;
            if (alpha > 0) {
                visibleOffsets[visibleCount] = i;
                visibleColours[visibleCount++] = alpha << 24 | stamp[i] & 0xFFFFFF;
            }
        }
        stampWidth = image.getWidth();
        stampHeight = image.getHeight();
        renderedText = timeLine;
        renderedHeight = frameHeight;
    }

    /// Blends only the stamp's visible pixels (kept as offsets and colours when it was rendered),
    /// a whole pixel at a time.
    private void blend(DecodedFrame frame, int left, int top) {
        java.nio.IntBuffer pixels = view.of(frame.pixels());
        int strideInts = frame.stride() / 4;
        int origin = top * strideInts + left;
        for (int i = 0; i < visibleCount; i++) {
            int offset = visibleOffsets[i];
            int at = origin + (offset / stampWidth) * strideInts + offset % stampWidth;
            int argb = visibleColours[i];
            int alpha = argb >>> 24;
            int under = pixels.get(at);
            int blue = mix(under & 0xFF, argb & 0xFF, alpha);
            int green = mix((under >>> 8) & 0xFF, (argb >>> 8) & 0xFF, alpha);
            int red = mix((under >>> 16) & 0xFF, (argb >>> 16) & 0xFF, alpha);
            pixels.put(at, 0xFF000000 | red << 16 | green << 8 | blue);
        }
    }

    private static int mix(int under, int over, int alpha) {
        return under + (over - under) * alpha / 255;
    }

}
