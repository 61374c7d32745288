package mamori.cli;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import mamori.app.Mamori;
import mamori.audit.VerificationMode;
import mamori.report.ReportQuery;

/// `mamori bench report`: a one-month report over 100,000 entries, generated and signed, then
/// verified; against fast verification of the same log in the same run.
final class ReportBench {

    private final PrintStream out;

    ReportBench(PrintStream out) {
        this.out = out;
    }

    int run(int entries) throws Exception {
        Path home = Files.createTempDirectory("mamori-bench-report");
        try {
            var config = MonthOfViewing.config(home, entries);
            out.printf(Locale.ROOT, "report: %,d entries over %s..%s, encrypted H2, %d cores, %s%n", entries, MonthOfViewing.FIRST,
                    MonthOfViewing.LAST, Runtime.getRuntime().availableProcessors(), AotTraining.cacheState());
            try (Mamori mamori = Mamori.open(config, false)) {
                long filling = System.nanoTime();
                MonthOfViewing.fill(mamori.auditLog(), entries - (int) mamori.auditEntries().count());
                out.printf(Locale.ROOT, "  log filled in %.1f s (%,d entries)%n", (System.nanoTime() - filling) / 1e9, mamori.auditEntries().count());
                // The fill writes a month's entries in seconds; the first checkpoint after it waits for H2 to write
                // them out. A month's log is not written the second before its report: let that happen first.
                long settling = System.nanoTime();
                mamori.auditLog().checkpoint("BENCH");
                out.printf(Locale.ROOT, "  a checkpoint after the fill (not timed): %.2f s%n", (System.nanoTime() - settling) / 1e9);
                ReportQuery query = MonthOfViewing.report("bench");
                var reports = mamori.reports();
                var verifier = mamori.reportVerifier();
                for (int run = 1; run <= 2; run++) {
                    Path file = home.resolve("report-" + run + ".pdf");
                    long generating = System.nanoTime();
                    var generated = reports.generate(query, file);
                    double generateSeconds = (System.nanoTime() - generating) / 1e9;
                    byte[] bytes = Files.readAllBytes(file);
                    long verifying = System.nanoTime();
                    verifier.verify(bytes);
                    double verifySeconds = (System.nanoTime() - verifying) / 1e9;
                    long fast = System.nanoTime();
                    mamori.auditVerifier().verify(VerificationMode.FAST, Optional.empty());
                    double fastSeconds = (System.nanoTime() - fast) / 1e9;
                    out.printf(Locale.ROOT, "  run %d: %,d viewing sessions, %,d other events, %,d entries covered, PDF %,d KB, %d pages%n", run,
                            generated.report().viewings().size(), generated.report().events().size(), generated.report().summary().entriesRead(),
                            bytes.length / 1024, generated.pages());
                    out.printf(Locale.ROOT, "    generate and sign: %.2f s   (target <= 3 s) -> %s%n", generateSeconds, generateSeconds <= 3 ? "met" : "NOT met");
                    out.printf(Locale.ROOT, "    report verify:     %.2f s   (target <= 2 s) -> %s%n", verifySeconds, verifySeconds <= 2 ? "met" : "NOT met");
                    out.printf(Locale.ROOT, "    reference, 'audit verify --fast' of the same log: %.2f s (generate %.2fx, verify %.2fx of it)%n",
                            fastSeconds, generateSeconds / fastSeconds, verifySeconds / fastSeconds);
                }
            }
            return 0;
        } finally {
            BenchCommand.deleteTree(home);
        }
    }
}
