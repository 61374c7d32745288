package mamori.export;

import java.io.IOException;
import java.nio.file.Path;

/// The production's own SHA-256 for tests in other packages.
public final class ExportProductionTestAccess {

    private ExportProductionTestAccess() {
    }

    public static String sha256(Path file) throws IOException {
        return ExportProduction.sha256(file);
    }
}
