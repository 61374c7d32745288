package mamori.export;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;
import java.util.function.IntConsumer;

/// Stands in for the real producer (transcode, sign, encrypt), which lands separately: writes a
/// small real file in `steps` steps, reporting progress after each and stopping (deleting what it
/// wrote) when cancelled. Its package's passphrase is a fixed test value.
public final class SteppedTestProducer implements ExportProducer {

    public static final String PASSPHRASE = "TEST-PASS-PHRASE-0000";

    private final int steps;
    private final long millisPerStep;
    /// Called after each step (1-based), before progress is reported.
    public volatile IntConsumer onStep = step -> { };

    public SteppedTestProducer(int steps, long millisPerStep) {
        this.steps = steps;
        this.millisPerStep = millisPerStep;
    }

    @Override
    public ExportPackage produce(ExportOrder order, Path stagingDirectory, DoubleConsumer progress, BooleanSupplier cancelled)
            throws ExportException, InterruptedException {
        Path file = stagingDirectory.resolve(order.exportId() + ".mamori-export");
        try {
            for (int step = 1; step <= steps; step++) {
                if (cancelled.getAsBoolean()) {
                    Files.deleteIfExists(file);
                    throw new ExportException("cancelled");
                }
                Files.write(file, ("step " + step + " of " + order.cameraId() + " " + order.span() + "\n").getBytes(StandardCharsets.UTF_8),
                        java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                Thread.sleep(millisPerStep);
                onStep.accept(step);
                progress.accept((double) step / steps);
            }
            return new ExportPackage(order.exportId(), file, ExportProduction.sha256(file), Files.size(file), PASSPHRASE.toCharArray());
        } catch (IOException e) {
            throw new ExportException("The test package cannot be written: " + e.getMessage(), e);
        }
    }
}
