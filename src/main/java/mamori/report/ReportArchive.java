package mamori.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import mamori.store.OwnerOnly;

/// Where the report screen keeps reports: each is generated into a working folder of the data
/// directory (owner-only), previewed and printed from there, and kept only when the auditor saves
/// it to the reports folder (the setting [#SETTING], else the data directory's `reports/`) as
/// `<report number>.pdf`. Unsaved reports are removed when the screen is left.
public final class ReportArchive {

    /// The setting naming the reports folder.
    public static final String SETTING = "report.folder";

    private static final Pattern NUMBER = Pattern.compile("[A-Za-z0-9-]{1,64}");

    private final Path working;
    private final Path folder;

    public ReportArchive(Path working, Path folder) {
        this.working = working;
        this.folder = folder;
    }

    public Path folder() {
        return folder;
    }

    /// A fresh file name in the working folder for [ReportService#generate].
    public Path newPending() throws IOException {
        OwnerOnly.createDirectories(working);
        return working.resolve("pending-" + UUID.randomUUID() + ".pdf");
    }

    /// Moves a generated report into the reports folder; a report already saved under the number
    /// is never overwritten (the new file gets a suffix).
    public Path save(Path pending, String reportNumber) throws IOException {
        if (!NUMBER.matcher(reportNumber).matches()) {
            throw new IOException("Not a report number: " + reportNumber);
        }
        Files.createDirectories(folder);
        Path target = folder.resolve(reportNumber + ".pdf");
        for (int copy = 2; Files.exists(target); copy++) {
            target = folder.resolve(reportNumber + "-" + copy + ".pdf");
        }
        Files.copy(pending, target, StandardCopyOption.COPY_ATTRIBUTES);
        Files.delete(pending);
        return target;
    }

    /// Removes every report generated but not saved.
    public void discardUnsaved() throws IOException {
        if (!Files.isDirectory(working)) {
            return;
        }
        try (Stream<Path> files = Files.list(working)) {
            for (Path file : files.filter(each -> each.getFileName().toString().startsWith("pending-")).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }
}
