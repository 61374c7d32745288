package mamori.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
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
import mamori.audit.RecordingRange;
import mamori.demo.DemoSeed;
import mamori.demo.RecordingFormat;
import mamori.store.DataDirectory;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDPage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// `report verify`'s refusals on a real data directory: a file changed after signing (bytes,
/// or an update appended), a report of another terminal, and a log edited by a key holder.
class ReportVerifierTest {

    @TempDir
    Path home;

    @TempDir
    Path otherHome;

    private static MamoriConfig config(Path home) {
        return new MamoriConfig(new DataDirectory(home), Clock.systemUTC(), MamoriConfig.DEFAULT_FACILITY_ZONE,
                new DemoSeed.RecordingPlan(Duration.ofSeconds(10), Duration.ofSeconds(10), new RecordingFormat(320, 180, 5, 2, 80_000)),
                Optional.empty());
    }

    private static byte[] report(Mamori mamori, Path output) throws Exception {
        Instant footage = Instant.parse("2026-11-20T01:00:00Z");
        for (int i = 0; i < 3; i++) {
            mamori.auditLog().append(AuditEvent.of(AuditAction.PLAY).person("demo-operator").session("s-" + i).camera("demo-cam-1")
                    .range(new RecordingRange(footage, footage)).detail("purpose", "確認"));
            mamori.auditLog().append(AuditEvent.of(AuditAction.STOP).person("demo-operator").session("s-" + i).camera("demo-cam-1")
                    .range(new RecordingRange(footage, footage.plusSeconds(60))).detail("watchedSeconds", 60));
        }
        LocalDate today = LocalDate.now(mamori.facilityZone());
        var generated = mamori.reports().generate(ReportQuery.period(today.minusDays(1), today, mamori.facilityZone(), Locale.ENGLISH, "test"),
                output);
        assertEquals(3, generated.report().viewings().size());
        return Files.readAllBytes(output);
    }

    private static String refusal(Mamori mamori, byte[] file) {
        return assertThrows(ReportInvalidException.class, () -> mamori.reportVerifier().verify(file)).getMessage();
    }

    @Test
    void aValidReportNamesItsRangeCheckpointAndGenerationEntry() throws Exception {
        try (Mamori mamori = Mamori.open(config(home))) {
            byte[] file = report(mamori, home.resolve("r.pdf"));
            ReportVerifier.Verified verified = mamori.reportVerifier().verify(file);
            assertTrue(verified.firstSeq() >= 1 && verified.lastSeq() >= verified.firstSeq() + 5, verified.toString());
            assertEquals(verified.checkpointSize() + 1, verified.generationEntry(), "generation is recorded right after the checkpoint");
            assertTrue(verified.logEntries() >= verified.generationEntry());
        }
    }

    /// EU DSS's verdict on a report: indication and signature format of its one signature.
    private static String dssVerdict(byte[] file, java.security.cert.X509Certificate trusted) {
        var validator = eu.europa.esig.dss.validation.SignedDocumentValidator.fromDocument(new eu.europa.esig.dss.model.InMemoryDocument(file));
        var verifier = new eu.europa.esig.dss.spi.validation.CommonCertificateVerifier();
        var anchors = new eu.europa.esig.dss.spi.x509.CommonTrustedCertificateSource();
        anchors.addCertificate(new eu.europa.esig.dss.model.x509.CertificateToken(trusted));
        verifier.setTrustedCertSources(anchors);
        validator.setCertificateVerifier(verifier);
        var report = validator.validateDocument().getSimpleReport();
        assertEquals(1, report.getSignatureIdList().size());
        String id = report.getFirstSignatureId();
        return report.getIndication(id) + " " + report.getSignatureFormat(id) + " " + report.getAdESValidationErrors(id);
    }

    @Test
    void theEuDssValidatorAcceptsTheSignatureAsPadesBaselineBAndRejectsAChangedByte() throws Exception {
        try (Mamori mamori = Mamori.open(config(home))) {
            byte[] file = report(mamori, home.resolve("r.pdf"));
            assertEquals("TOTAL_PASSED PAdES-BASELINE-B []", dssVerdict(file, mamori.reportCertificate()));
            byte[] changed = file.clone();
            changed[file.length / 3] ^= 1; // inside the original document, well before the signature's update
            assertTrue(dssVerdict(changed, mamori.reportCertificate()).startsWith("TOTAL_FAILED"));
        }
    }

    @Test
    void anUpdateAppendedAfterSigningIsRefusedThoughTheSignatureItselfStillHolds() throws Exception {
        try (Mamori mamori = Mamori.open(config(home))) {
            byte[] file = report(mamori, home.resolve("r.pdf"));
            ByteArrayOutputStream updated = new ByteArrayOutputStream();
            try (var document = Loader.loadPDF(file)) {
                PDPage page = new PDPage();
                document.addPage(page);
                document.getPages().getCOSObject().setNeedToBeUpdated(true);
                document.getDocumentCatalog().getCOSObject().setNeedToBeUpdated(true);
                document.saveIncremental(updated);
            }
            assertTrue(refusal(mamori, updated.toByteArray()).contains("does not cover the whole file"));
        }
    }

    @Test
    void aReportOfAnotherTerminalIsNotSignedByThisOne() throws Exception {
        byte[] foreign;
        try (Mamori other = Mamori.open(config(otherHome))) {
            foreign = report(other, otherHome.resolve("r.pdf"));
        }
        try (Mamori mamori = Mamori.open(config(home))) {
            assertTrue(refusal(mamori, foreign).contains("not signed by this terminal's report certificate"));
        }
    }

    @Test
    void aCoveredEntryRewrittenByAKeyHolderNoLongerMatchesTheReport() throws Exception {
        byte[] file;
        try (Mamori mamori = Mamori.open(config(home))) {
            file = report(mamori, home.resolve("r.pdf"));
        }
        // Rewritten with its hash, as someone holding the database key would: the report's leaf hashes still show it.
        mamori.TamperedDatabase.execute(home, "UPDATE audit_signed SET canonical = STRINGTOUTF8(REPLACE(UTF8TOSTRING(canonical), "
                + "'\"watchedSeconds\":60', '\"watchedSeconds\":6')), entry_hash = HASH('SHA-256', STRINGTOUTF8(REPLACE("
                + "UTF8TOSTRING(canonical), '\"watchedSeconds\":60', '\"watchedSeconds\":6'))) WHERE seq = (SELECT MIN(seq) FROM audit_entry "
                + "WHERE action = 'STOP')");
        try (Mamori mamori = Mamori.open(config(home), false)) {
            String refusal = refusal(mamori, file);
            assertTrue(refusal.startsWith("the audit log no longer matches the report"), refusal);
            assertTrue(refusal.contains("CHANGED") || refusal.contains("differs"), refusal);
        }
    }
}
