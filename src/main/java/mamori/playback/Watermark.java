package mamori.playback;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.nio.ByteBuffer;
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

    private final String identityLine;
    private final Labels labels;
    private final ZoneId zone;
    private final long placementSeed;
    private String renderedText = "";
    private int renderedHeight;
    private int[] stamp = new int[0];
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
        stamp = ((DataBufferInt) image.getRaster().getDataBuffer()).getData();
        stampWidth = image.getWidth();
        stampHeight = image.getHeight();
        renderedText = timeLine;
        renderedHeight = frameHeight;
    }

    private void blend(DecodedFrame frame, int left, int top) {
        ByteBuffer pixels = frame.pixels();
        int stride = frame.stride();
        for (int y = 0; y < stampHeight; y++) {
            int row = (top + y) * stride + left * 4;
            int source = y * stampWidth;
            for (int x = 0; x < stampWidth; x++) {
                int argb = stamp[source + x];
                int alpha = (argb >>> 24) * OPACITY / 255;
                if (alpha == 0) {
                    continue;
                }
                int at = row + x * 4;
                pixels.put(at, mix(pixels.get(at), argb & 0xFF, alpha));
                pixels.put(at + 1, mix(pixels.get(at + 1), (argb >>> 8) & 0xFF, alpha));
                pixels.put(at + 2, mix(pixels.get(at + 2), (argb >>> 16) & 0xFF, alpha));
            }
        }
    }

    private static byte mix(byte under, int over, int alpha) {
        int base = under & 0xFF;
        return (byte) (base + (over - base) * alpha / 255);
    }
}
