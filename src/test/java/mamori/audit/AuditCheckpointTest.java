package mamori.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCheckpointTest {

    @TempDir
    Path dir;

    @Test
    void aRequestedCheckpointCoversEverythingCommittedBeforeIt() throws Exception {
        try (AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(21))) {
            fixture.appendViews(37);
            var checkpoint = fixture.log.checkpoint("REPORT");
            assertEquals(37, checkpoint.treeSize());
            assertEquals("REPORT", checkpoint.reason());
            VerifiedLog verified = fixture.verifier().verify(VerificationMode.FULL, Optional.empty());
            assertArrayEquals(verified.merkleRoot(), checkpoint.rootHash());
            assertEquals(1, fixture.store.checkpointNotes().size());
            assertEquals(checkpoint.note(), fixture.log.checkpoint("REPORT").note(), "same size, same checkpoint");
        }
    }

    @Test
    void checkpointsAreMadeWhileEntriesArriveAndNotWhenIdle() throws Exception {
        try (AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(22));
                AuditLog log = new AuditLog(fixture.database, fixture.key, "T-1", "run-2", AuditFixture.CLOCK, System::nanoTime,
                        Duration.ofMillis(200))) {
            fixture.log.close();
            log.append(AuditEvent.of(AuditAction.LOGIN));
            waitForCheckpoints(fixture, 1);
            TimeUnit.MILLISECONDS.sleep(600);
            assertEquals(1, fixture.store.checkpointNotes().size(), "no new entries, no new checkpoint");
            log.append(AuditEvent.of(AuditAction.LOGOUT));
            waitForCheckpoints(fixture, 2);
        }
    }

    private static void waitForCheckpoints(AuditFixture fixture, int count) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (fixture.store.checkpointNotes().size() < count) {
            assertTrue(System.nanoTime() < deadline, "expected " + count + " checkpoints");
            TimeUnit.MILLISECONDS.sleep(20);
        }
    }

    @Test
    void aRestartedLogResumesItsTreeFromTheLatestCheckpoint() throws Exception {
        try (AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(23))) {
            fixture.appendViews(29);
            fixture.log.checkpoint("LOGOUT");
            fixture.appendViews(6);
        }
        try (AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(23))) {
            fixture.appendViews(10);
            var checkpoint = fixture.log.checkpoint("REPORT");
            assertEquals(45, checkpoint.treeSize());
            assertArrayEquals(fixture.verifier().verify(VerificationMode.FAST, Optional.empty()).merkleRoot(), checkpoint.rootHash());
        }
    }

    @Test
    void aStoredCheckpointRevealsACutTailWithoutAnythingHeldElsewhere() throws Exception {
        try (AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(24))) {
            fixture.appendViews(20);
            fixture.log.checkpoint("LOGOUT");
            fixture.sql("DELETE FROM audit_signed WHERE seq > 17", "DELETE FROM audit_entry WHERE seq > 17");
            var failure = assertThrows(AuditLogDamagedException.class,
                    () -> fixture.verifier().verify(VerificationMode.FAST, Optional.empty()));
            assertEquals(Damage.TRUNCATED, failure.damage());
            assertEquals(18, failure.seq());
        }
    }

    @Test
    void anEditedStoredCheckpointIsABadSignature() throws Exception {
        try (AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(25))) {
            fixture.appendViews(20);
            fixture.log.checkpoint("LOGOUT");
            fixture.sql("UPDATE audit_checkpoint SET note = REPLACE(note, 'reason LOGOUT', 'reason REPORT')");
            var failure = assertThrows(AuditLogDamagedException.class,
                    () -> fixture.verifier().verify(VerificationMode.FAST, Optional.empty()));
            assertEquals(Damage.BAD_SIGNATURE, failure.damage());
            assertEquals(20, failure.seq());
        }
    }
}
