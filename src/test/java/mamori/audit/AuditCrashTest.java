package mamori.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import mamori.store.Database;
import mamori.store.SchemaMigrations;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Kills a child JVM with SIGKILL while it appends at full speed, round after round on the same
/// database file, and checks after each: every entry acknowledged before the kill is there, and
/// the whole log verifies. Rounds: `-Dmamori.crash.rounds=N` (default 20; raise it for a soak).
@Tag("system")
class AuditCrashTest {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEntrySurvivesKillNine() throws Exception {
        int rounds = Integer.getInteger("mamori.crash.rounds", 20);
        Path base = dir.resolve("crash");
        Random random = new Random(42);
        long highestAcknowledged = 0;
        for (int round = 1; round <= rounds; round++) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), AuditCrashChild.class.getName(), base.toString(), "round-" + round)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            AtomicLong acknowledged = new AtomicLong();
            Thread reader = Thread.ofPlatform().start(() -> {
                try (var lines = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        if (line.startsWith("ACK ")) {
                            acknowledged.accumulateAndGet(Long.parseLong(line.substring(4).strip()), Math::max);
                        }
                    }
                } catch (Exception endOfStream) {
                    // The child was killed mid-line: what was read completely counts.
                }
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (acknowledged.get() <= highestAcknowledged && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
            TimeUnit.MILLISECONDS.sleep(100 + random.nextInt(700));
            child.destroyForcibly(); // SIGKILL on Linux: no shutdown hooks, no H2 close
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
            reader.join();
            assertTrue(acknowledged.get() > highestAcknowledged, "round " + round + " appended nothing");
            highestAcknowledged = acknowledged.get();

            try (Database database = Database.open(base, mamori.TestKeys.fileKey("crash-file"), "crash-user".toCharArray())) {
                new SchemaMigrations(SchemaMigrations.ALL, Clock.systemUTC()).migrate(database);
                var key = new AuditSigningKey(new Ed25519PrivateKeyParameters(AuditFixture.seed(99), 0));
                var store = new AuditEntryStore(database);
                VerifiedLog verified = new AuditVerifier(store, Map.of(key.keyId(), key.publicKey()))
                        .verify(VerificationMode.FULL, Optional.empty());
                assertTrue(verified.entries() >= highestAcknowledged, "round " + round + ": acknowledged up to " + highestAcknowledged
                        + " but only " + verified.entries() + " entries survived");
                assertEquals(verified.lastSeq(), verified.entries());
            }
        }
    }
}
