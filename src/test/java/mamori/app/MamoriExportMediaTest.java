package mamori.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import mamori.audit.AuditAction;
import mamori.demo.DemoSeed;
import mamori.demo.RecordingFormat;
import mamori.store.DataDirectory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The composition root starts export retention with the kiosk and builds the copier.
class MamoriExportMediaTest {

    @TempDir
    Path home;

    @Test
    void aKioskStartDeletesStagedPackagesPastTheirRetentionAuditedAndOffersTheCopier() throws Exception {
        DataDirectory data = new DataDirectory(home);
        data.create();
        Path old = data.exports().resolve("EXP-OLD.mamori-export");
        Path young = data.exports().resolve("EXP-NEW.mamori-export");
        Files.writeString(old, "old package");
        Files.writeString(young, "new package");
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(31))));
        MamoriConfig config = new MamoriConfig(data, Clock.systemUTC(), MamoriConfig.DEFAULT_FACILITY_ZONE,
                new DemoSeed.RecordingPlan(Duration.ofSeconds(10), Duration.ofSeconds(10), new RecordingFormat(320, 180, 5, 2, 80_000)),
                Optional.empty());

        try (Mamori mamori = Mamori.open(config)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (mamori.exportRetention().orElseThrow().lastRun().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertEquals(1, mamori.exportRetention().orElseThrow().lastRun().orElseThrow().deletions().size());
            assertFalse(Files.exists(old));
            assertTrue(Files.exists(young));
            assertEquals(1, mamori.auditEntries().byAction(AuditAction.EXPORT_DELETED_BY_RETENTION).size());
            assertEquals(Optional.empty(), mamori.exportCopier().destinations().unusableFolder());
        }
    }
}
