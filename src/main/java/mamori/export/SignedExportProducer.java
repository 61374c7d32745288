package mamori.export;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/// The kiosk's [ExportProducer]: the footage transcoded ([ExportTranscoder]: masks unless lifted,
/// the export's mark burned in), then signed and encrypted ([ExportPackager]). The plain MP4 lives
/// only while the package is made, under a dot name in the staging directory (which retention
/// treats as a leftover if a crash leaves it), and is deleted in every case.
public final class SignedExportProducer implements ExportProducer {

    /// Share of the progress bar the transcoding takes; signing and encrypting take the rest.
    private static final double TRANSCODE_SHARE = 0.85;

    private final ExportTranscoder transcoder;
    private final ExportPackager packager;

    public SignedExportProducer(ExportTranscoder transcoder, ExportPackager packager) {
        this.transcoder = transcoder;
        this.packager = packager;
    }

    @Override
    public ExportPackage produce(ExportOrder order, Path stagingDirectory, DoubleConsumer progress, BooleanSupplier cancelled)
            throws ExportException, InterruptedException {
        Path plain = stagingDirectory.resolve("." + order.exportId() + ".plain.mp4");
        try {
            Files.createDirectories(stagingDirectory);
            Files.deleteIfExists(plain);
            TranscodedExport footage = transcoder.transcode(order, plain, done -> progress.accept(TRANSCODE_SHARE * done), cancelled);
            return packager.pack(order, footage.file(), footage.sources(), footage.gaps(), stagingDirectory,
                    done -> progress.accept(TRANSCODE_SHARE + (1 - TRANSCODE_SHARE) * done), cancelled);
        } catch (IOException e) {
            throw new ExportException("The export cannot be staged: " + e.getMessage(), e);
        } finally {
            try {
                Files.deleteIfExists(plain);
            } catch (IOException e) {
                // A leftover dot file is removed by the retention run.
            }
        }
    }
}
