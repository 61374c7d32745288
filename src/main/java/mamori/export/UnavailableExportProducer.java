package mamori.export;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/// The producer of a build without export production: every approved export fails with the reason,
/// and nothing is written. The composition root replaces it with the real producer.
public final class UnavailableExportProducer implements ExportProducer {

    @Override
    public ExportPackage produce(ExportOrder order, Path stagingDirectory, DoubleConsumer progress, BooleanSupplier cancelled)
            throws ExportException {
        throw new ExportException("export production is not part of this build");
    }
}
