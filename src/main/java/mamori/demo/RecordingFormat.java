package mamori.demo;

import java.time.Duration;

/// How the demo's synthetic recordings are made. The default, 426x240 ("240p", an NVR sub-stream
/// size) at 5 frames/s with a key frame every 2 s, lets 2 cores encode 3 cameras x 2 hours
/// (108,000 frames) with openh264 in under a minute. Measured here: 480x270 took 59 s in all,
/// too close to the limit; openh264 does ~800 frames/s per core at 640x360.
public record RecordingFormat(int width, int height, int frameRate, int keyFrameSeconds, int bitrate) {

    public static final RecordingFormat DEMO = new RecordingFormat(426, 240, 5, 2, 100_000);

    public RecordingFormat {
        if (width % 2 != 0 || height % 2 != 0 || width < 160 || height < 90) {
            throw new IllegalArgumentException("Even sizes of at least 160x90 are required, got " + width + "x" + height);
        }
    }

    public long frames(Duration length) {
        return length.toMillis() * frameRate / 1000;
    }
}
