package mamori.recording;

import java.nio.file.Path;
import java.time.Instant;

/// One file of a camera's recording, covering `[start, end)` in recording (camera) time, as NVRs
/// store them: one file per few minutes, named by its start time.
public record RecordingSegment(String cameraId, Instant start, Instant end, Path file, String container,
        String videoCodec, int width, int height, int frameRate, long sizeBytes) {
}
