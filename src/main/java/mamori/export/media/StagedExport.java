package mamori.export.media;

import java.nio.file.Path;
import java.util.Locale;
import mamori.export.ExportOrder;
import mamori.export.ExportPackage;

/// A produced package waiting in the staging directory, as a copy needs it: the export, its camera,
/// the file, its SHA-256 (lower-case hex) and size, and the two people who answer for it (only they
/// may copy it). The passphrase is not here: a copy never needs it.
public record StagedExport(String exportId, String cameraId, Path file, String sha256, long bytes, String requesterId,
        String approverId) {

    public StagedExport {
        if (!sha256.matches("[0-9a-fA-F]{64}")) {
            throw new IllegalArgumentException("A package's SHA-256 is 64 hex digits");
        }
        sha256 = sha256.toLowerCase(Locale.ROOT);
        if (bytes < 0) {
            throw new IllegalArgumentException("A package has a size of zero or more bytes");
        }
    }

    public static StagedExport of(ExportOrder order, ExportPackage produced) {
        if (!order.exportId().equals(produced.exportId())) {
            throw new IllegalArgumentException("The package " + produced.exportId() + " is not the export " + order.exportId());
        }
        return new StagedExport(order.exportId(), order.cameraId(), produced.file(), produced.sha256(), produced.bytes(),
                order.requesterId(), order.approverId());
    }

    /// The name the copy gets on the medium.
    public String fileName() {
        return file.getFileName().toString();
    }
}
