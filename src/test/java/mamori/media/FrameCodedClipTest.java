package mamori.media;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.Frame;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class FrameCodedClipTest {

    @TempDir
    Path dir;

    @Test
    void theCodeRoundTripsForEveryBitPosition() {
        for (int bit = 0; bit < 19; bit++) {
            int index = 1 << bit;
            assertEquals(OptionalInt.of(index), FrameCodedClip.decode(FrameCodedClip.encode(index)));
        }
        assertEquals(OptionalInt.of(0), FrameCodedClip.decode(FrameCodedClip.encode(0)));
        int last = FrameCodedClip.MAX_FRAMES - 1;
        assertEquals(OptionalInt.of(last), FrameCodedClip.decode(FrameCodedClip.encode(last)));
    }

    @Test
    void anyOneMisreadCellIsRefused() {
        int[] good = FrameCodedClip.encode(123_456);
        for (int cell = 0; cell < good.length; cell++) {
            int[] bits = good.clone();
            bits[cell] ^= 1;
            assertEquals(OptionalInt.empty(), FrameCodedClip.decode(bits), "cell " + cell + " flipped");
        }
    }

    @Test
    void aPictureWithoutTheCodeHasNoIndex() {
        int width = 320;
        int height = 180;
        ByteBuffer grey = ByteBuffer.allocate(width * height * 4);
        for (int i = 0; i < grey.capacity(); i++) {
            grey.put(i, (byte) 128);
        }
        assertEquals(OptionalInt.empty(), FrameCodedClip.readIndex(grey, width, height, width * 4));
        ByteBuffer black = ByteBuffer.allocate(width * height * 4);
        assertEquals(OptionalInt.empty(), FrameCodedClip.readIndex(black, width, height, width * 4),
                "all black fails the start and stop cells");
    }

    @Tag("media")
    @ParameterizedTest
    @ValueSource(strings = {"clip.mp4", "clip.ts", "clip.mkv"})
    void everyDecodedFrameShowsItsPosition(String name) throws Exception {
        Path clip = FrameCodedClip.write(dir.resolve(name), 640, 360, 25, 75, 25);

        List<Integer> indexes = new ArrayList<>();
        List<Integer> keyFrames = new ArrayList<>();
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(clip.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGRA);
            grabber.start();
            assertEquals("h264", grabber.getVideoCodecName());
            Frame frame;
            while ((frame = grabber.grabImage()) != null) {
                if (frame.keyFrame) {
                    keyFrames.add(indexes.size());
                }
                indexes.add(FrameCodedClip.readIndex(frame).orElse(-1));
            }
        }

        assertEquals(75, indexes.size(), "frame count");
        for (int i = 0; i < indexes.size(); i++) {
            assertEquals(i, indexes.get(i), "frame at position " + i);
        }
        assertEquals(List.of(0, 25, 50), keyFrames, "a key frame every gopFrames and nowhere else");
    }

    /// The kiosk asks FFmpeg's scaler for the size it shows, so the code must survive scaling,
    /// including to a size whose rows FFmpeg pads (stride larger than 4 x width).
    @Tag("media")
    @ParameterizedTest
    @CsvSource({"640, 360", "426, 240", "250, 142", "1600, 900"})
    void indexesReadBackFromAScaledCopy(int width, int height) throws Exception {
        Path clip = FrameCodedClip.write(dir.resolve("clip.mp4"), 1280, 720, 30, 40, 30);

        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(clip.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGRA);
            grabber.setImageWidth(width);
            grabber.setImageHeight(height);
            grabber.start();
            for (int i = 0; i < 40; i++) {
                Frame frame = grabber.grabImage();
                assertEquals(width, frame.imageWidth);
                assertEquals(OptionalInt.of(i), FrameCodedClip.readIndex(frame), "frame " + i + " at " + width + "x" + height);
            }
        }
    }

    @Tag("media")
    @Test
    void aCorruptedCellMakesTheFrameUnreadable() throws Exception {
        Path clip = FrameCodedClip.write(dir.resolve("clip.mp4"), 320, 180, 10, 2, 10);
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(clip.toFile())) {
            grabber.setPixelFormat(avutil.AV_PIX_FMT_BGRA);
            grabber.start();
            Frame frame = grabber.grabImage();
            ByteBuffer pixels = (ByteBuffer) frame.image[0];
            assertTrue(FrameCodedClip.readIndex(frame).isPresent());
            // Paint the middle of the last data cell (cell 20 of 24, column 21 of 26) mid-grey.
            int stride = frame.imageStride;
            for (int y = 80; y < 100; y++) {
                for (int x = 320 * 21 / 26 + 2; x < 320 * 22 / 26 - 2; x++) {
                    for (int c = 0; c < 3; c++) {
                        pixels.put(y * stride + x * 4 + c, (byte) 128);
                    }
                }
            }
            assertFalse(FrameCodedClip.readIndex(frame).isPresent());
        }
    }
}
