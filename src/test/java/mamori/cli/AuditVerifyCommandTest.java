package mamori.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mamori.app.Mamori;
import mamori.app.MamoriConfig;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.demo.DemoSeed;
import mamori.demo.RecordingFormat;
import mamori.store.DataDirectory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// `mamori audit verify` as an auditor runs it: a separate process on a real data directory.
@Tag("system")
class AuditVerifyCommandTest {

    @TempDir
    Path home;

    private record Run(int status, String out, String err) {
    }

    private Run mamori(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("MAMORI_HOME", home.toString());
        builder.environment().put("MAMORI_DEMO_SPAN", "PT10S");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS));
        return new Run(process.exitValue(), out, err);
    }

    /// Writes `count` entries after the kiosk start; returns how many the USB watch added (the devices
    /// and volumes present at start: how many depends on the machine).
    private long writeEntries(int count) throws Exception {
        var config = new MamoriConfig(new DataDirectory(home), Clock.systemUTC(), MamoriConfig.DEFAULT_FACILITY_ZONE,
                new DemoSeed.RecordingPlan(Duration.ofSeconds(10), Duration.ofSeconds(10), new RecordingFormat(320, 180, 5, 2, 80_000)),
                Optional.empty());
        try (Mamori mamori = Mamori.open(config)) {
            for (int i = 0; i < count; i++) {
                mamori.auditLog().append(AuditEvent.of(AuditAction.PLAY).person("p-1").camera("demo-cam-1").detail("i", i));
            }
            mamori.usbMonitor().close();
            long usbEntries = 0;
            for (AuditAction usb : List.of(AuditAction.USB_DEVICE_CONNECTED, AuditAction.USB_DEVICE_REMOVED,
                    AuditAction.VOLUME_MOUNTED, AuditAction.VOLUME_UNMOUNTED)) {
                usbEntries += mamori.auditEntries().byAction(usb).size();
            }
            return usbEntries;
        }
    }

    private void damage(String sql) throws Exception {
        mamori.TamperedDatabase.execute(home, sql);
    }

    @Test
    void anIntactLogExitsZeroAndADamagedOneNamesTheFirstBadEntry() throws Exception {
        long usbEntries = writeEntries(12);
        Run intact = mamori("audit", "verify");
        assertEquals(0, intact.status(), intact.err());
        assertTrue(intact.out().startsWith("intact: " + (14 + usbEntries) + " entries"), intact.out()); // KIOSK_STARTED, TERMINAL_REGISTERED, 12, USB

        Run checkpoint = mamori("audit", "checkpoint", "--output", home.resolve("kept-elsewhere.txt").toString());
        assertEquals(0, checkpoint.status(), checkpoint.err());

        damage("DELETE FROM audit_signed WHERE seq = 5");
        damage("DELETE FROM audit_entry WHERE seq = 5");
        Run removed = mamori("audit", "verify", "--fast");
        assertEquals(AuditCommand.DAMAGED, removed.status(), removed.out());
        assertTrue(removed.err().contains("DAMAGED: entry 5: REMOVED"), removed.err());
    }

    @Test
    void aTailCutAfterACheckpointWasKeptIsTruncated() throws Exception {
        writeEntries(8);
        Path kept = home.resolve("kept-elsewhere.txt");
        assertEquals(0, mamori("audit", "checkpoint", "--output", kept.toString()).status());
        // Cut the tail and the checkpoints stored with it: only the copy kept elsewhere remembers.
        damage("DELETE FROM audit_signed WHERE seq > 6");
        damage("DELETE FROM audit_entry WHERE seq > 6");
        damage("DELETE FROM audit_checkpoint");
        assertEquals(0, mamori("audit", "verify").status(), "a hash chain alone cannot see a cut tail");
        Run truncated = mamori("audit", "verify", "--checkpoint", kept.toString());
        assertEquals(AuditCommand.DAMAGED, truncated.status(), truncated.out());
        // The verification run above recorded itself as entry 7, so entry 8 is the first one missing.
        assertTrue(truncated.err().contains("DAMAGED: entry 8: TRUNCATED"), truncated.err());
        assertTrue(Files.readString(kept).contains("reason REQUESTED"));
    }
}
