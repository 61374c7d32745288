package mamori.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import mamori.store.Database;
import mamori.store.SchemaMigrations;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// A real full disk: the database lives on a small tmpfs mounted for the test (needs root, as CI
/// runs). When the disk fills, appends are refused; nothing acknowledged is lost; once space is
/// back the log goes on and verifies.
@Tag("system")
class AuditDiskFullTest {

    @TempDir
    Path dir;
    private Path mountPoint;

    private static int run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.getInputStream().readAllBytes();
        return process.waitFor();
    }

    @BeforeEach
    void mountSmallDisk() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "mounting a small tmpfs needs root (CI runs as root)");
        mountPoint = Files.createDirectories(dir.resolve("small-disk"));
        assertEquals(0, run("mount", "-t", "tmpfs", "-o", "size=6m", "tmpfs", mountPoint.toString()), "mount tmpfs");
    }

    @AfterEach
    void unmount() throws Exception {
        if (mountPoint != null) {
            run("umount", mountPoint.toString());
        }
    }

    @Test
    void aFullDiskRefusesTheActionAndLosesNothingCommitted() throws Exception {
        Path base = mountPoint.resolve("audit");
        var key = new AuditSigningKey(new Ed25519PrivateKeyParameters(AuditFixture.seed(31), 0));
        long acknowledged = 0;
        AuditUnavailableException refusal = null;
        try (Database database = Database.open(base, mamori.TestKeys.fileKey("f"), "u".toCharArray())) {
            new SchemaMigrations(SchemaMigrations.ALL, Clock.systemUTC()).migrate(database);
            try (AuditLog log = new AuditLog(database, key, "T-1", "run", Clock.systemUTC(), System::nanoTime)) {
                String padding = "x".repeat(2_000);
                for (int i = 0; i < 100_000 && refusal == null; i++) {
                    try {
                        acknowledged = log.append(AuditEvent.of(AuditAction.PLAY).detail("padding", padding).detail("i", i)).seq();
                    } catch (AuditUnavailableException full) {
                        refusal = full;
                    }
                }
            }
        } catch (Exception closingOnAFullDisk) {
            // Closing may fail too while the disk is full; what matters is what is on disk below.
        }
        assertTrue(refusal != null, "the disk never filled");
        assertTrue(acknowledged > 100, "only " + acknowledged + " entries fitted");

        assertEquals(0, run("mount", "-o", "remount,size=64m", mountPoint.toString()), "grow the tmpfs");
        try (Database database = Database.open(base, mamori.TestKeys.fileKey("f"), "u".toCharArray())) {
            var store = new AuditEntryStore(database);
            var verifier = new AuditVerifier(store, Map.of(key.keyId(), key.publicKey()));
            VerifiedLog verified = verifier.verify(VerificationMode.FULL, Optional.empty());
            assertTrue(verified.entries() >= acknowledged, "acknowledged " + acknowledged + ", found " + verified.entries());
            try (AuditLog log = new AuditLog(database, key, "T-1", "run-2", Clock.systemUTC(), System::nanoTime)) {
                assertEquals(verified.entries() + 1, log.append(AuditEvent.of(AuditAction.LOGIN)).seq());
            }
            assertEquals(verified.entries() + 1, verifier.verify(VerificationMode.FULL, Optional.empty()).entries());
        }
    }
}
