package mamori.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Verification across page boundaries (pages of 10,000 rows, read ahead on another thread).
class AuditVerifierPagesTest {

    private static final int ENTRIES = 2 * AuditEntryStore.PAGE + 500;

    @TempDir
    static Path dir;
    private static AuditFixture fixture;

    @BeforeAll
    static void writeLog() throws Exception {
        fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(71));
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService callers = Executors.newFixedThreadPool(32)) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < 32; c++) {
                running.add(callers.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < ENTRIES) {
                        fixture.log.append(AuditEvent.of(AuditAction.PLAY).person("p-" + (i % 5)).detail("i", i));
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
        }
        fixture.log.close();
    }

    @AfterAll
    static void close() {
        fixture.close();
    }

    private static AuditLogDamagedException damaged(VerificationMode mode) {
        return assertThrows(AuditLogDamagedException.class, () -> fixture.verifier().verify(mode, Optional.empty()));
    }

    @Test
    void aLogOfSeveralPagesVerifiesInBothModes() throws Exception {
        assertEquals(ENTRIES, fixture.verifier().verify(VerificationMode.FULL, Optional.empty()).entries());
        assertEquals(ENTRIES, fixture.verifier().verify(VerificationMode.FAST, Optional.empty()).entries());
    }

    @Test
    void theFirstBadEntryIsNamedWhateverPageItIsOnAndEarlierDamageWins() throws Exception {
        long firstOfPageTwo = AuditEntryStore.PAGE + 1;
        fixture.sql("CREATE TABLE saved_signed AS SELECT * FROM audit_signed WHERE seq IN (" + firstOfPageTwo + ", 9999, 20000)",
                "CREATE TABLE saved_entry AS SELECT * FROM audit_entry WHERE seq IN (" + firstOfPageTwo + ", 9999, 20000)");
        try {
            fixture.sql("DELETE FROM audit_signed WHERE seq = " + firstOfPageTwo, "DELETE FROM audit_entry WHERE seq = " + firstOfPageTwo);
            var removed = damaged(VerificationMode.FAST);
            assertEquals(Damage.REMOVED, removed.damage(), removed.getMessage());
            assertEquals(firstOfPageTwo, removed.seq());

            // A bad signature near the end of page one comes before the hole at the start of page two.
            fixture.sql("UPDATE audit_signed SET signature = BITXOR(signature, X'01" + "00".repeat(63) + "') WHERE seq = 9999");
            var signature = damaged(VerificationMode.FULL);
            assertEquals(Damage.BAD_SIGNATURE, signature.damage(), signature.getMessage());
            assertEquals(9999, signature.seq());

            fixture.sql("DELETE FROM audit_signed WHERE seq = 9999", "INSERT INTO audit_signed SELECT * FROM saved_signed WHERE seq = 9999",
                    "INSERT INTO audit_signed SELECT * FROM saved_signed WHERE seq = " + firstOfPageTwo,
                    "INSERT INTO audit_entry SELECT * FROM saved_entry WHERE seq = " + firstOfPageTwo,
                    "UPDATE audit_entry SET recorded_at = DATEADD('SECOND', 1, recorded_at) WHERE seq = 20000");
            var changed = damaged(VerificationMode.FULL);
            assertEquals(Damage.CHANGED, changed.damage(), changed.getMessage());
            assertEquals(20000, changed.seq());
        } finally {
            fixture.sql("DELETE FROM audit_signed WHERE seq IN (SELECT seq FROM saved_signed)",
                    "INSERT INTO audit_signed SELECT * FROM saved_signed",
                    "DELETE FROM audit_entry WHERE seq IN (SELECT seq FROM saved_entry)",
                    "INSERT INTO audit_entry SELECT * FROM saved_entry", "DROP TABLE saved_signed", "DROP TABLE saved_entry");
        }
    }
}
