package mamori.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mamori.app.Mamori;
import mamori.app.MamoriConfig;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.RecordingRange;
import mamori.cli.Main;
import mamori.demo.DemoSeed;
import mamori.demo.RecordingFormat;
import mamori.store.DataDirectory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// `mamori report` and `mamori report verify` as an auditor runs them, checked with poppler's tools.
@Tag("system")
class ReportCommandTest {

    @TempDir
    Path home;

    private record Run(int status, String out, String err) {
    }

    private Run run(List<String> command, boolean withHome) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command);
        if (withHome) {
            builder.environment().put("MAMORI_HOME", home.toString());
            builder.environment().put("MAMORI_DEMO_SPAN", "PT10S");
        }
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        return new Run(process.exitValue(), out, err);
    }

    private Run mamori(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        return run(command, true);
    }

    private void writeViewings() throws Exception {
        var config = new MamoriConfig(new DataDirectory(home), Clock.systemUTC(), MamoriConfig.DEFAULT_FACILITY_ZONE,
                new DemoSeed.RecordingPlan(Duration.ofSeconds(10), Duration.ofSeconds(10), new RecordingFormat(320, 180, 5, 2, 80_000)),
                Optional.empty());
        try (Mamori mamori = Mamori.open(config)) {
            Instant footage = Instant.parse("2026-11-20T01:00:00Z");
            for (int i = 0; i < 5; i++) {
                String session = "s-" + i;
                mamori.auditLog().append(AuditEvent.of(AuditAction.PLAY).person("demo-operator").session(session).camera("demo-cam-1")
                        .range(new RecordingRange(footage, footage)).detail("purpose", "転倒事故の確認"));
                mamori.auditLog().append(AuditEvent.of(AuditAction.STOP).person("demo-operator").session(session).camera("demo-cam-1")
                        .range(new RecordingRange(footage, footage.plusSeconds(90))).detail("watchedSeconds", 90));
            }
            mamori.auditLog().append(AuditEvent.of(AuditAction.POLICY_DENIAL).person("demo-operator").camera("demo-cam-2")
                    .detail("action", "PLAY").detail("reason", "閲覧時間外"));
        }
    }

    private void damage(String sql) throws Exception {
        mamori.TamperedDatabase.execute(home, sql);
    }

    @Test
    void aSignedReportIsValidForPdfsigAndVerifyAndAnyChangeOrTruncationIsReported() throws Exception {
        writeViewings();
        LocalDate today = LocalDate.now(MamoriConfig.DEFAULT_FACILITY_ZONE);
        Path pdf = home.resolve("report.pdf");
        Run made = mamori("report", "--from", today.minusDays(1).toString(), "--to", today.toString(), "--output", pdf.toString());
        assertEquals(0, made.status(), made.err());
        assertTrue(made.out().contains("5 viewing sessions"), made.out());
        Files.copy(pdf, mamori.TestDirectories.output("report").resolve("report-ja.pdf"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);

        Run pdfsig = run(List.of("pdfsig", pdf.toString()), false);
        assertTrue(pdfsig.out().contains("Signature Validation: Signature is Valid."), pdfsig.out() + pdfsig.err());
        assertTrue(pdfsig.out().contains("ETSI.CAdES.detached"), pdfsig.out());

        Run text = run(List.of("pdftotext", "-enc", "UTF-8", pdf.toString(), "-"), false);
        assertTrue(text.out().contains("閲覧記録報告書"), text.out());
        assertTrue(text.out().contains("転倒事故の確認"), text.out());
        assertTrue(text.out().contains("安全管理措置"), text.out());
        Run fonts = run(List.of("pdffonts", pdf.toString()), false);
        String fontLine = fonts.out().lines().filter(line -> line.contains("IPAexGothic")).findFirst().orElse("");
        assertTrue(fontLine.matches("[A-Z]{6}\\+IPAexGothic.*CID TrueType.*yes\\s+yes\\s+yes.*"), fonts.out());

        Run verified = mamori("report", "verify", pdf.toString());
        assertEquals(0, verified.status(), verified.err());
        assertTrue(verified.out().startsWith("valid:"), verified.out());

        byte[] bytes = Files.readAllBytes(pdf);
        byte[] changed = bytes.clone();
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("/Producer");
        int target = at > 0 ? at + 2 : bytes.length / 3;
        changed[target] = (byte) (changed[target] ^ 0x01);
        Path edited = home.resolve("edited.pdf");
        Files.write(edited, changed);
        Run pdfsigEdited = run(List.of("pdfsig", edited.toString()), false);
        assertFalse(pdfsigEdited.out().contains("Signature is Valid."), pdfsigEdited.out());
        assertTrue(pdfsigEdited.out().contains("Digest Mismatch") || pdfsigEdited.out().contains("Invalid"), pdfsigEdited.out());
        Run verifyEdited = mamori("report", "verify", edited.toString());
        assertEquals(3, verifyEdited.status(), verifyEdited.out() + verifyEdited.err());
        assertTrue(verifyEdited.err().contains("INVALID: the signature does not verify"), verifyEdited.err());

        // Someone holding the keys cuts the log back to before the report (and its checkpoints).
        damage("DELETE FROM audit_checkpoint WHERE tree_size > 5; DELETE FROM audit_entry WHERE seq > 5; DELETE FROM audit_signed WHERE seq > 5");
        Run afterCut = mamori("report", "verify", pdf.toString());
        assertEquals(3, afterCut.status(), afterCut.out() + afterCut.err());
        assertTrue(afterCut.err().contains("TRUNCATED"), afterCut.err());
    }
}
