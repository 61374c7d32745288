package mamori.media;

import java.nio.file.Files;
import java.nio.file.Path;

/// Not a test: how long a frame-coded 1080p30 clip takes to make, for sizing benchmark fixtures.
/// Prints seconds per run and the ratio to the clip's own duration (below 1 = faster than real
/// time), for one and for two encoder threads.
///
/// Run after `mvn test-compile`:
///
///     java -cp target/test-classes:$(cat cp.txt) mamori.media.FrameCodedClipTiming [seconds]
///
/// where cp.txt comes from `mvn dependency:build-classpath -Dmdep.outputFile=cp.txt`.
public final class FrameCodedClipTiming {

    private FrameCodedClipTiming() {
    }

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        int fps = 30;
        Path dir = Files.createTempDirectory("frame-coded-timing");
        try {
            // Warm-up: loads FFmpeg's natives and JIT-compiles the frame drawing.
            FrameCodedClip.write(dir.resolve("warm.mp4"), 1920, 1080, fps, fps, fps);
            for (int threads : new int[] {1, 2}) {
                Path clip = dir.resolve("clip-" + threads + ".mp4");
                long t0 = System.nanoTime();
                FrameCodedClip.write(clip, 1920, 1080, fps, seconds * fps, 2 * fps, threads);
                double took = (System.nanoTime() - t0) / 1e9;
                System.out.printf("1920x1080@%d, %d s (%d frames), %d encoder thread(s): %.1f s, %.0f frames/s, "
                        + "%.2f x real time, %.1f MB%n", fps, seconds, seconds * fps, threads, took, seconds * fps / took,
                        took / seconds, Files.size(clip) / 1e6);
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : files.toList()) {
                    Files.delete(file);
                }
            }
            Files.delete(dir);
        }
    }
}
