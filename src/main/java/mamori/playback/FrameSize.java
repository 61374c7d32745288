package mamori.playback;

/// The size, in pixels, that frames are decoded and scaled to: the size they are shown at, so
/// FFmpeg's scaler does the one conversion and nothing is scaled twice.
public record FrameSize(int width, int height) {

    public FrameSize {
        if (width <= 0 || height <= 0 || width > 8192 || height > 8192) {
            throw new IllegalArgumentException("Frame size out of range: " + width + "x" + height);
        }
    }

    /// The largest size with the source's aspect ratio that fits in `box`, with even sides
    /// (the chroma planes of 4:2:0 video have half the resolution).
    public static FrameSize fit(int sourceWidth, int sourceHeight, int boxWidth, int boxHeight) {
        double scale = Math.min((double) boxWidth / sourceWidth, (double) boxHeight / sourceHeight);
        int width = Math.max(2, (int) Math.round(sourceWidth * scale) & ~1);
        int height = Math.max(2, (int) Math.round(sourceHeight * scale) & ~1);
        return new FrameSize(width, height);
    }

    public int bytesBgra() {
        return width * height * 4;
    }
}
