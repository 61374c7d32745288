package mamori.export;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/// Makes the package for an approved export in `stagingDirectory`: the footage transcoded with
/// masks and the export's watermark burned in, signed, with its signed manifest, encrypted.
/// Reports progress (0..1) and stops, leaving nothing behind, once `cancelled` answers true.
public interface ExportProducer {

    ExportPackage produce(ExportOrder order, Path stagingDirectory, DoubleConsumer progress, BooleanSupplier cancelled)
            throws ExportException, InterruptedException;
}
