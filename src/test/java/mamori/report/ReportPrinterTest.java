package mamori.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import mamori.app.Mamori;
import mamori.app.MamoriConfig;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditUnavailableException;
import mamori.audit.RecordingRange;
import mamori.demo.DemoSeed;
import mamori.demo.RecordingFormat;
import mamori.store.DataDirectory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Printing a signed report through a real CUPS queue (cups-pdf backend): the pages that come
/// out, the audit entry written before the job, and the refusals (log unavailable, file changed).
@Tag("system")
class ReportPrinterTest {

    private static CupsPdfQueue queue;

    @TempDir
    Path home;

    @BeforeAll
    static void createQueue() throws Exception {
        queue = CupsPdfQueue.create();
    }

    @AfterAll
    static void removeQueue() throws Exception {
        if (queue != null) {
            queue.close();
        }
    }

    private MamoriConfig config() {
        return new MamoriConfig(new DataDirectory(home), Clock.systemUTC(), MamoriConfig.DEFAULT_FACILITY_ZONE,
                new DemoSeed.RecordingPlan(Duration.ofSeconds(10), Duration.ofSeconds(10), new RecordingFormat(320, 180, 5, 2, 80_000)),
                Optional.empty());
    }

    private static ReportService.Generated report(Mamori mamori, Path output) throws Exception {
        Instant footage = Instant.parse("2026-11-20T01:00:00Z");
        for (int i = 0; i < 3; i++) {
            mamori.auditLog().append(AuditEvent.of(AuditAction.PLAY).person("demo-operator").session("s-" + i).camera("demo-cam-1")
                    .range(new RecordingRange(footage, footage)).detail("purpose", "確認"));
            mamori.auditLog().append(AuditEvent.of(AuditAction.STOP).person("demo-operator").session("s-" + i).camera("demo-cam-1")
                    .range(new RecordingRange(footage, footage.plusSeconds(60))).detail("watchedSeconds", 60));
        }
        LocalDate today = LocalDate.now(mamori.facilityZone());
        return mamori.reports().generate(ReportQuery.period(today.minusDays(1), today, mamori.facilityZone(), Locale.ENGLISH, "test"), output);
    }

    private static ReportPrinter.Document document(ReportService.Generated generated) throws Exception {
        return new ReportPrinter.Document(generated.reportNumber(), Files.readAllBytes(generated.file()), generated.sha256(), generated.pages());
    }

    private static final ReportPrinter.Requester AUDITOR = new ReportPrinter.Requester("demo-auditor", "session-1");

    @Test
    void theSignedReportComesOutOfTheQueueWithItsPagesAndNumberAndThePrintingIsRecordedFirst() throws Exception {
        try (Mamori mamori = Mamori.open(config())) {
            var generated = report(mamori, home.resolve("report.pdf"));
            ReportPrinter printer = new ReportPrinter(mamori.auditLog(), new CupsPrintSystem());
            assertTrue(printer.printers().contains(queue.name()), "CUPS queue offered: " + printer.printers());

            Instant sent = Instant.now();
            var printed = printer.print(document(generated), queue.name(), ReportPrinter.PageSetup.DEFAULT, AUDITOR);

            Path out = queue.awaitOutput(printed.jobName(), sent, Duration.ofSeconds(60));
            assertEquals(generated.pages(), CupsPdfQueue.pages(out), "pages printed");
            String text = CupsPdfQueue.text(out);
            assertTrue(text.contains(generated.reportNumber()), "report number on the printed pages:\n" + text);

            var entries = mamori.auditEntries().byAction(AuditAction.REPORT_PRINTED);
            assertEquals(1, entries.size());
            assertEquals(printed.entrySeq(), entries.getFirst().seq());
            String canonical = entries.getFirst().canonical();
            assertTrue(canonical.contains("\"report\":\"" + generated.reportNumber() + "\""), canonical);
            assertTrue(canonical.contains("\"pdfSha256\":\"" + generated.sha256() + "\""), canonical);
            assertTrue(canonical.contains("\"printer\":\"" + queue.name() + "\""), canonical);
            assertTrue(canonical.contains("\"copies\":1"), canonical);
            assertTrue(entries.getFirst().seq() > generated.entrySeq(), "recorded after the generation");
            Files.deleteIfExists(out);
        }
    }

    @Test
    void withoutTheAuditLogNothingIsPrinted() throws Exception {
        try (Mamori mamori = Mamori.open(config())) {
            var generated = report(mamori, home.resolve("report.pdf"));
            ReportPrinter printer = new ReportPrinter(mamori.auditLog(), new CupsPrintSystem());
            String before = queue.jobs("all");
            mamori.auditLog().close();

            assertThrows(AuditUnavailableException.class,
                    () -> printer.print(document(generated), queue.name(), ReportPrinter.PageSetup.DEFAULT, AUDITOR));
            Thread.sleep(1_000);
            assertEquals(before, queue.jobs("all"), "no job reached the queue");
        }
    }

    @Test
    void aFileChangedSinceSigningOrAnUnknownPrinterIsRefusedAndNotRecorded() throws Exception {
        try (Mamori mamori = Mamori.open(config())) {
            var generated = report(mamori, home.resolve("report.pdf"));
            ReportPrinter printer = new ReportPrinter(mamori.auditLog(), new CupsPrintSystem());
            String before = queue.jobs("all");
            byte[] changed = Files.readAllBytes(generated.file());
            changed[changed.length / 2] ^= 1;
            var tampered = new ReportPrinter.Document(generated.reportNumber(), changed, generated.sha256(), generated.pages());

            var refusal = assertThrows(ReportPrinter.ReportPrintException.class,
                    () -> printer.print(tampered, queue.name(), ReportPrinter.PageSetup.DEFAULT, AUDITOR));
            assertTrue(refusal.getMessage().contains("changed since it was signed"), refusal.getMessage());
            assertThrows(ReportPrinter.ReportPrintException.class,
                    () -> printer.print(document(generated), "no-such-queue", ReportPrinter.PageSetup.DEFAULT, AUDITOR));
            assertTrue(mamori.auditEntries().byAction(AuditAction.REPORT_PRINTED).isEmpty());
            assertEquals(before, queue.jobs("all"), "no job reached the queue");
        }
    }

    @Test
    void aJobTheQueueRefusesAfterThePrintingWasRecordedIsRecordedAsFailed() throws Exception {
        try (Mamori mamori = Mamori.open(config())) {
            var generated = report(mamori, home.resolve("report.pdf"));
            ReportPrinter printer = new ReportPrinter(mamori.auditLog(), new CupsPrintSystem());
            // The real scheduler stops taking jobs for the queue (cupsreject), as when a printer is
            // taken out of service between the screen listing it and the job.
            CupsPdfQueue.run("/usr/sbin/cupsreject", "-r", "out of service", queue.name());
            try {
                var refusal = assertThrows(ReportPrinter.ReportPrintException.class,
                        () -> printer.print(document(generated), queue.name(), ReportPrinter.PageSetup.DEFAULT, AUDITOR));
                assertTrue(refusal.getMessage().contains("refused"), refusal.getMessage());
            } finally {
                CupsPdfQueue.run("/usr/sbin/cupsaccept", queue.name());
            }
            var printed = mamori.auditEntries().byAction(AuditAction.REPORT_PRINTED);
            var failed = mamori.auditEntries().byAction(AuditAction.REPORT_PRINT_FAILED);
            assertEquals(1, printed.size());
            assertEquals(1, failed.size());
            String canonical = failed.getFirst().canonical();
            assertTrue(canonical.contains("\"printedEntry\":" + printed.getFirst().seq()), canonical);
            assertTrue(canonical.contains("\"report\":\"" + generated.reportNumber() + "\""), canonical);
            assertTrue(failed.getFirst().seq() > printed.getFirst().seq());
        }
    }
}
