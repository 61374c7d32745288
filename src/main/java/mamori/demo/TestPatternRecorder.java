package mamori.demo;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.function.LongConsumer;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/// Writes a synthetic camera recording: colour bars, the camera's name, the recording clock burned
/// in (facility time, one update per second) and a marker that moves every frame, encoded as
/// H.264 in MP4 with FFmpeg's LGPL build (openh264, see docs/decisions/0002).
///
/// Frames are produced directly in YUV 4:2:0: the background is drawn once, each frame copies it
/// and writes the clock's glyphs into the luma plane, so the encoder is the only real cost.
public final class TestPatternRecorder {

    private static final String CLOCK_CHARS = "0123456789-: ";
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final RecordingFormat format;
    private final ZoneId zone;

    public TestPatternRecorder(RecordingFormat format, ZoneId zone) {
        // FFmpeg writes every stream's set-up to stderr by default; only errors matter here.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        this.format = format;
        this.zone = zone;
    }

    /// Records `frames` frames starting at `start` into `file` (written beside it, then moved, so a
    /// crash never leaves a half file under the final name). `framesDone` is told every second.
    public void record(Path file, String cameraCode, String cameraName, Instant start, long frames, LongConsumer framesDone)
            throws IOException {
        int width = format.width();
        int height = format.height();
        Layout layout = new Layout(width, height);
        byte[] background = background(cameraCode, cameraName, layout);
        Glyphs glyphs = new Glyphs(layout.clockFont(), layout.clockHeight);
        ByteBuffer frame = ByteBuffer.allocateDirect(background.length);

        Files.createDirectories(file.getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".part");
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(partial.toFile(), width, height, 0)) {
            recorder.setFormat("mp4");
            recorder.setVideoCodecName("libopenh264");
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(format.frameRate());
            recorder.setGopSize(format.frameRate() * format.keyFrameSeconds());
            recorder.setVideoBitrate(format.bitrate());
            recorder.setVideoOption("threads", "1");
            recorder.setMetadata("creation_time", start.toString());
            recorder.setMetadata("title", cameraCode);
            recorder.start();
            long secondShown = -1;
            for (long index = 0; index < frames; index++) {
                long second = index / format.frameRate();
                frame.put(0, background);
                glyphs.draw(frame, width, layout.clockX, layout.clockY,
                        CLOCK.format(start.plusSeconds(second).atZone(zone)));
                drawMarker(frame, layout, index);
                recorder.recordImage(width, height, Frame.DEPTH_UBYTE, 1, width, avutil.AV_PIX_FMT_YUV420P, frame);
                if (second != secondShown) {
                    secondShown = second;
                    framesDone.accept(index);
                }
            }
            recorder.stop();
            framesDone.accept(frames);
        } catch (FrameRecorder.Exception e) {
            Files.deleteIfExists(partial);
            throw new IOException("Encoding " + file.getFileName() + " failed: " + e.getMessage(), e);
        }
        requireH264(partial);
        Files.move(partial, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /// An FFmpeg build without an H.264 encoder falls back to another codec without failing
    /// (javacv's recorder reports the configured codec, not the one used), so read the file back.
    private static void requireH264(Path file) throws IOException {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            String codec = grabber.getVideoCodecName();
            grabber.stop();
            if (!"h264".equals(codec)) {
                Files.deleteIfExists(file);
                throw new IOException("FFmpeg wrote " + codec + " instead of H.264: this FFmpeg build has no H.264 encoder");
            }
        } catch (FrameGrabber.Exception e) {
            throw new IOException("The recording just written cannot be read back: " + e.getMessage(), e);
        }
    }

    /// A white block sliding along the bottom strip, one step per frame: motion that shows the
    /// picture is live and that a frame step really stepped.
    private void drawMarker(ByteBuffer frame, Layout layout, long index) {
        int width = format.width();
        int size = layout.markerSize;
        int travel = width - size;
        int x = (int) ((index * 4) % travel);
        for (int y = layout.markerY; y < layout.markerY + size; y++) {
            for (int dx = 0; dx < size; dx++) {
                frame.put(y * width + x + dx, (byte) 235);
            }
        }
    }

    private byte[] background(String cameraCode, String cameraName, Layout layout) {
        int width = format.width();
        int height = format.height();
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        Color[] bars = {new Color(191, 191, 191), new Color(191, 191, 0), new Color(0, 191, 191), new Color(0, 191, 0),
                new Color(191, 0, 191), new Color(191, 0, 0), new Color(0, 0, 191)};
        for (int i = 0; i < bars.length; i++) {
            g.setColor(bars[i]);
            int x0 = i * width / bars.length;
            g.fillRect(x0, 0, (i + 1) * width / bars.length - x0, height);
        }
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, width, layout.titleHeight);
        g.fillRect(0, layout.clockY - layout.padding, width, height - layout.clockY + layout.padding);
        g.setColor(Color.WHITE);
        g.setFont(layout.titleFont());
        g.drawString(cameraCode + "  " + cameraName, layout.padding, layout.titleHeight - layout.padding - 2);
        g.dispose();
        return toI420(image);
    }

    private static byte[] toI420(BufferedImage image) {
        int width = image.getWidth();
        int height = image.getHeight();
        byte[] bgr = ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
        byte[] yuv = new byte[width * height * 3 / 2];
        int chromaOffset = width * height;
        int quarter = chromaOffset / 4;
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int p = (y * width + x) * 3;
                int b = bgr[p] & 0xff;
                int gr = bgr[p + 1] & 0xff;
                int r = bgr[p + 2] & 0xff;
                yuv[y * width + x] = (byte) (((66 * r + 129 * gr + 25 * b + 128) >> 8) + 16);
                if ((x & 1) == 0 && (y & 1) == 0) {
                    int c = (y / 2) * (width / 2) + x / 2;
                    yuv[chromaOffset + c] = (byte) (((-38 * r - 74 * gr + 112 * b + 128) >> 8) + 128);
                    yuv[chromaOffset + quarter + c] = (byte) (((112 * r - 94 * gr - 18 * b + 128) >> 8) + 128);
                }
            }
        }
        return yuv;
    }

    /// Positions scaled to the frame size.
    private static final class Layout {
        final int padding;
        final int titleHeight;
        final int clockHeight;
        final int clockX;
        final int clockY;
        final int markerSize;
        final int markerY;

        Layout(int width, int height) {
            padding = Math.max(2, height / 60);
            titleHeight = height / 9;
            clockHeight = height / 10;
            clockX = padding * 2;
            clockY = height - clockHeight - padding * 2;
            markerSize = Math.max(4, height / 30);
            markerY = clockY - padding * 2 - markerSize;
        }

        Font titleFont() {
            return new Font(japaneseFontFamily(), Font.BOLD, titleHeight * 3 / 5);
        }

        Font clockFont() {
            return new Font(Font.MONOSPACED, Font.BOLD, clockHeight * 4 / 5);
        }

        private static String japaneseFontFamily() {
            for (String family : java.awt.GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames()) {
                if (family.equals("Noto Sans CJK JP")) {
                    return family;
                }
            }
            return Font.SANS_SERIF;
        }
    }

    /// The clock's characters pre-rendered as luma bitmaps of one cell width each.
    private static final class Glyphs {
        private final int cellWidth;
        private final int cellHeight;
        private final byte[][] luma = new byte[128][];

        Glyphs(Font font, int cellHeight) {
            BufferedImage probe = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY);
            Graphics2D pg = probe.createGraphics();
            FontMetrics metrics = pg.getFontMetrics(font);
            pg.dispose();
            this.cellWidth = metrics.charWidth('0');
            this.cellHeight = cellHeight;
            for (char c : CLOCK_CHARS.toCharArray()) {
                BufferedImage cell = new BufferedImage(cellWidth, cellHeight, BufferedImage.TYPE_BYTE_GRAY);
                Graphics2D g = cell.createGraphics();
                g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
                g.setFont(font);
                g.setColor(Color.WHITE);
                g.drawString(String.valueOf(c), 0, (cellHeight + metrics.getAscent() - metrics.getDescent()) / 2);
                g.dispose();
                byte[] gray = ((DataBufferByte) cell.getRaster().getDataBuffer()).getData();
                byte[] y = new byte[gray.length];
                for (int i = 0; i < gray.length; i++) {
                    y[i] = (byte) (16 + (gray[i] & 0xff) * 219 / 255);
                }
                luma[c] = y;
            }
        }

        void draw(ByteBuffer frame, int frameWidth, int x0, int y0, String text) {
            for (int i = 0; i < text.length(); i++) {
                byte[] glyph = luma[text.charAt(i)];
                int x = x0 + i * cellWidth;
                if (x + cellWidth > frameWidth) {
                    return;
                }
                for (int row = 0; row < cellHeight; row++) {
                    frame.put((y0 + row) * frameWidth + x, glyph, row * cellWidth, cellWidth);
                }
            }
        }
    }
}
