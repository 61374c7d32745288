package mamori.media;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.OptionalInt;
import org.bytedeco.ffmpeg.global.avutil;
import org.bytedeco.javacv.FFmpegFrameGrabber;
import org.bytedeco.javacv.FFmpegFrameRecorder;
import org.bytedeco.javacv.Frame;
import org.bytedeco.javacv.FrameGrabber;
import org.bytedeco.javacv.FrameRecorder;

/// Test clips in which every frame shows its own index, so a test can tell exactly which frame a
/// decoder, a seek or a network stream delivered.
///
/// The index is a row of 24 large black or white cells across the middle of the picture:
/// `1 0` (start), 19 index bits (most significant first), an even-parity bit, `0 1` (stop). Cell
/// positions are fractions of the frame size, so the code reads back from any scaled copy of the
/// frame; cells are at least 1/26 of the width wide, which H.264 keeps black or white even at low
/// bit rates. Behind the code a bar pattern and a block moving every frame give the encoder some
/// motion to code. The picture is flat, so the stream is far smaller than a camera's (60 s of
/// 1080p30 is ~0.8 MB): fine for timing seeks and frame delivery, not a realistic decoding load.
public final class FrameCodedClip {

    static final int MAX_FRAMES = 1 << 19;

    private static final int DATA_BITS = 19;
    private static final int CELLS = 2 + DATA_BITS + 1 + 2;
    /// One empty cell of margin on each side.
    private static final int COLUMNS = CELLS + 2;
    private static final int BAND_TOP_SIXTEENTHS = 7;
    private static final int BAND_BOTTOM_SIXTEENTHS = 9;
    private static final byte BLACK = 16;
    private static final byte WHITE = (byte) 235;
    /// Decoded BGRA luma of a cell must be clearly on one side; anything between (a blend of two
    /// frames, a frame without the code) is not read as a number.
    private static final int DARK_BELOW = 80;
    private static final int LIGHT_ABOVE = 175;

    private FrameCodedClip() {
    }

    /// Writes `frames` frames of H.264 (openh264, Constrained Baseline) with a key frame every
    /// `gopFrames` frames and no other; the container follows the extension (`.mp4`, `.ts`,
    /// `.mkv`). Frame `i` has presentation time `i / fps`.
    public static Path write(Path file, int width, int height, int fps, int frames, int gopFrames) throws IOException {
        return write(file, width, height, fps, frames, gopFrames, 1);
    }

    /// As [#write(Path, int, int, int, int, int)], with `threads` encoder threads (openh264 codes
    /// slices in parallel, so 1080p encodes faster with 2 on two cores).
    public static Path write(Path file, int width, int height, int fps, int frames, int gopFrames, int threads) throws IOException {
        return write(file, width, height, fps, frames, gopFrames, threads, frames, 0);
    }

    /// As [#write(Path, int, int, int, int, int)], with a hole in time: frames from `gapAt` on are
    /// presented `gapFrames` frame times later (a recorder that was off), still showing their index.
    public static Path writeWithGap(Path file, int width, int height, int fps, int frames, int gopFrames, int gapAt, int gapFrames)
            throws IOException {
        return write(file, width, height, fps, frames, gopFrames, 1, gapAt, gapFrames);
    }

    private static Path write(Path file, int width, int height, int fps, int frames, int gopFrames, int threads, int gapAt,
            int gapFrames) throws IOException {
        if (width % 2 != 0 || height % 2 != 0 || width < COLUMNS * 4 || height < 64) {
            throw new IllegalArgumentException("even size of at least " + COLUMNS * 4 + "x64 needed, got " + width + "x" + height);
        }
        if (frames < 1 || frames > MAX_FRAMES || fps < 1 || gopFrames < 1) {
            throw new IllegalArgumentException("frames 1.." + MAX_FRAMES + ", fps and gopFrames >= 1");
        }
        // FFmpeg logs every stream's set-up to stderr by default; only errors matter here.
        avutil.av_log_set_level(avutil.AV_LOG_ERROR);
        Picture picture = new Picture(width, height);
        try (FFmpegFrameRecorder recorder = new FFmpegFrameRecorder(file.toFile(), width, height, 0)) {
            recorder.setFormat(container(file));
            recorder.setVideoCodecName("libopenh264");
            recorder.setPixelFormat(avutil.AV_PIX_FMT_YUV420P);
            recorder.setFrameRate(fps);
            recorder.setGopSize(gopFrames);
            // A ceiling of 0.1 bit per pixel (6 Mbit/s at 1080p30); openh264 needs far less here.
            recorder.setVideoBitrate(Math.max(200_000, width * height / 10 * fps));
            recorder.setVideoOption("threads", Integer.toString(threads));
            recorder.setVideoOption("slices", Integer.toString(threads));
            recorder.start();
            for (int index = 0; index < frames; index++) {
                if (index >= gapAt) {
                    recorder.setFrameNumber(index + gapFrames);
                }
                recorder.recordImage(width, height, Frame.DEPTH_UBYTE, 1, width, avutil.AV_PIX_FMT_YUV420P, picture.frame(index));
            }
            recorder.stop();
        } catch (FrameRecorder.Exception e) {
            throw new IOException("Encoding " + file.getFileName() + " failed: " + e.getMessage(), e);
        }
        requireH264(file);
        return file;
    }

    /// The index shown in a BGRA frame of any size, or empty when the code is not there or a cell
    /// is neither clearly black nor clearly white or the start, stop or parity cells are wrong.
    /// `stride` is the length of a row in bytes.
    public static OptionalInt readIndex(ByteBuffer bgra, int width, int height, int stride) {
        int top = height * BAND_TOP_SIXTEENTHS / 16;
        int bottom = height * BAND_BOTTOM_SIXTEENTHS / 16;
        // Sample the middle half of each cell: its edges blur under scaling and compression.
        int y0 = top + (bottom - top) / 4;
        int y1 = bottom - (bottom - top) / 4;
        int[] bits = new int[CELLS];
        for (int cell = 0; cell < CELLS; cell++) {
            int left = width * (cell + 1) / COLUMNS;
            int right = width * (cell + 2) / COLUMNS;
            int x0 = left + (right - left) / 4;
            int x1 = Math.max(x0 + 1, right - (right - left) / 4);
            long sum = 0;
            for (int y = y0; y < y1; y++) {
                for (int x = x0; x < x1; x++) {
                    int p = y * stride + x * 4;
                    sum += (bgra.get(p) & 0xff) + 2 * (bgra.get(p + 1) & 0xff) + (bgra.get(p + 2) & 0xff);
                }
            }
            long mean = sum / (4L * (y1 - y0) * (x1 - x0));
            if (mean < DARK_BELOW) {
                bits[cell] = 0;
            } else if (mean > LIGHT_ABOVE) {
                bits[cell] = 1;
            } else {
                return OptionalInt.empty();
            }
        }
        return decode(bits);
    }

    public static OptionalInt readIndex(byte[] bgra, int width, int height, int stride) {
        return readIndex(ByteBuffer.wrap(bgra), width, height, stride);
    }

    /// The index shown in a frame grabbed as BGRA (`AV_PIX_FMT_BGRA`).
    public static OptionalInt readIndex(Frame bgraFrame) {
        if (bgraFrame.imageChannels != 4 || bgraFrame.image == null) {
            throw new IllegalArgumentException("not a BGRA image frame");
        }
        return readIndex((ByteBuffer) bgraFrame.image[0], bgraFrame.imageWidth, bgraFrame.imageHeight, bgraFrame.imageStride);
    }

    static int[] encode(int index) {
        int[] bits = new int[CELLS];
        bits[0] = 1;
        bits[1] = 0;
        int ones = 0;
        for (int i = 0; i < DATA_BITS; i++) {
            bits[2 + i] = (index >>> (DATA_BITS - 1 - i)) & 1;
            ones += bits[2 + i];
        }
        bits[2 + DATA_BITS] = ones & 1;
        bits[CELLS - 2] = 0;
        bits[CELLS - 1] = 1;
        return bits;
    }

    static OptionalInt decode(int[] bits) {
        if (bits[0] != 1 || bits[1] != 0 || bits[CELLS - 2] != 0 || bits[CELLS - 1] != 1) {
            return OptionalInt.empty();
        }
        int index = 0;
        int ones = 0;
        for (int i = 0; i < DATA_BITS; i++) {
            index = (index << 1) | bits[2 + i];
            ones += bits[2 + i];
        }
        return (ones & 1) == bits[2 + DATA_BITS] ? OptionalInt.of(index) : OptionalInt.empty();
    }

    private static String container(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".mp4")) {
            return "mp4";
        }
        if (name.endsWith(".ts")) {
            return "mpegts";
        }
        if (name.endsWith(".mkv")) {
            return "matroska";
        }
        throw new IllegalArgumentException("Unknown container for " + name + ": use .mp4, .ts or .mkv");
    }

    /// javacv's recorder reports the codec asked for, not the one FFmpeg used (an FFmpeg without
    /// openh264 writes MPEG-4 Part 2 without failing), so read the file back.
    private static void requireH264(Path file) throws IOException {
        try (FFmpegFrameGrabber grabber = new FFmpegFrameGrabber(file.toFile())) {
            grabber.start();
            String codec = grabber.getVideoCodecName();
            if (!"h264".equals(codec)) {
                Files.deleteIfExists(file);
                throw new IOException("FFmpeg wrote " + codec + " instead of H.264");
            }
        } catch (FrameGrabber.Exception e) {
            throw new IOException("The clip just written cannot be read back: " + e.getMessage(), e);
        }
    }

    /// One YUV 4:2:0 frame buffer: the background is made once, each frame copies it and draws the
    /// moving block and the code cells into the luma plane.
    private static final class Picture {
        private final int width;
        private final int height;
        private final byte[] background;
        private final ByteBuffer frame;
        private final byte[] blackRow;
        private final byte[] whiteRow;

        Picture(int width, int height) {
            this.width = width;
            this.height = height;
            this.background = background(width, height);
            this.frame = ByteBuffer.allocateDirect(background.length);
            this.blackRow = new byte[width];
            this.whiteRow = new byte[width];
            Arrays.fill(blackRow, BLACK);
            Arrays.fill(whiteRow, WHITE);
        }

        ByteBuffer frame(int index) {
            frame.put(0, background);
            int block = Math.max(8, height / 12);
            int travel = width - block;
            int x = (index * Math.max(2, width / 200)) % travel;
            for (int y = height - 2 * block; y < height - block; y++) {
                frame.put(y * width + x, whiteRow, 0, block);
            }
            int[] bits = encode(index);
            int top = height * BAND_TOP_SIXTEENTHS / 16;
            int bottom = height * BAND_BOTTOM_SIXTEENTHS / 16;
            for (int cell = 0; cell < CELLS; cell++) {
                int left = width * (cell + 1) / COLUMNS;
                int right = width * (cell + 2) / COLUMNS;
                byte[] row = bits[cell] == 1 ? whiteRow : blackRow;
                for (int y = top; y < bottom; y++) {
                    frame.put(y * width + left, row, 0, right - left);
                }
            }
            return frame;
        }

        /// Grey vertical bars of seven shades, with a neutral mid-grey strip behind the code (the
        /// margin cells keep the first and last code cells apart from the bars).
        private static byte[] background(int width, int height) {
            byte[] yuv = new byte[width * height * 3 / 2];
            for (int y = 0; y < height; y++) {
                for (int x = 0; x < width; x++) {
                    yuv[y * width + x] = (byte) (40 + 25 * (x * 7 / width));
                }
            }
            int top = height * BAND_TOP_SIXTEENTHS / 16 - height / 32;
            int bottom = height * BAND_BOTTOM_SIXTEENTHS / 16 + height / 32;
            Arrays.fill(yuv, top * width, bottom * width, (byte) 126);
            Arrays.fill(yuv, width * height, yuv.length, (byte) 128);
            return yuv;
        }
    }
}
