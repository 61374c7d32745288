package mamori.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import mamori.crypto.Ed25519Keys;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditLogTest {

    @TempDir
    Path dir;

    @Test
    void anEntryIsCanonicalChainedHashedAndSigned() throws Exception {
        try (AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(1))) {
            AuditEntry first = fixture.log.append(AuditEvent.of(AuditAction.LOGIN).person("p-1").session("s-1").detail("template", 5));
            AuditEntry second = fixture.log.append(AuditEvent.of(AuditAction.SEEK).person("p-1").session("s-1").camera("cam-1")
                    .range(new RecordingRange(java.time.Instant.parse("2026-11-23T00:00:00Z"), java.time.Instant.parse("2026-11-23T00:10:00Z")))
                    .detail("from", "00:01:00").detail("to", "00:05:00"));

            // The monotonic reading depends on how often the writer looked at the clock; it is checked apart.
            assertTrue(first.canonical().contains("\"monotonic\":" + first.monotonicNanos() + ","), first.canonical());
            assertEquals("{\"action\":\"LOGIN\",\"camera\":null,\"details\":{\"template\":5},\"key\":\"" + fixture.key.keyId()
                    + "\",\"monotonic\":M,\"person\":\"p-1\",\"prev\":\"" + "0".repeat(64)
                    + "\",\"range\":null,\"run\":\"run-1\",\"seq\":1,\"session\":\"s-1\",\"terminal\":\"T-1\","
                    + "\"time\":\"2026-11-23T01:02:03.456789Z\",\"v\":1}", first.canonical().replaceFirst("\"monotonic\":\\d+", "\"monotonic\":M"));
            assertTrue(second.canonical().contains("\"range\":{\"from\":\"2026-11-23T00:00:00Z\",\"to\":\"2026-11-23T00:10:00Z\"}"),
                    second.canonical());
            assertEquals(2, second.seq());
            assertArrayEquals(first.entryHash(), second.prevHash());
            assertTrue(second.canonical().contains("\"prev\":\"" + HexFormat.of().formatHex(first.entryHash()) + "\""));
            assertArrayEquals(AuditEntryFormat.entryHash(second.canonical()), second.entryHash());
            assertTrue(Ed25519Keys.verifies(new Ed25519PublicKeyParameters(fixture.key.publicKey(), 0), second.entryHash(),
                    second.signature()));
        }
    }

    @Test
    void concurrentCallersGetOneGaplessVerifiableChain() throws Exception {
        try (AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(2));
                ExecutorService callers = Executors.newFixedThreadPool(8)) {
            Set<Long> seqs = ConcurrentHashMap.newKeySet();
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                running.add(callers.submit(() -> {
                    for (int i = 0; i < 250; i++) {
                        seqs.add(fixture.log.append(AuditEvent.of(AuditAction.PLAY).person("p-" + thread).detail("i", i)).seq());
                    }
                    return null;
                }));
            }
            for (Future<?> future : running) {
                future.get();
            }
            assertEquals(2000, seqs.size());
            assertEquals(2000L, seqs.stream().mapToLong(Long::longValue).max().orElseThrow());
            VerifiedLog verified = fixture.verifier().verify(VerificationMode.FULL, Optional.empty());
            assertEquals(2000, verified.entries());
        }
    }

    @Test
    void theChainContinuesAcrossRestarts() throws Exception {
        try (AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(3))) {
            fixture.appendViews(5);
        }
        try (AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(3))) {
            assertEquals(6, fixture.log.append(AuditEvent.of(AuditAction.LOGOUT)).seq());
            assertEquals(6, fixture.verifier().verify(VerificationMode.FULL, Optional.empty()).entries());
        }
    }

    @Test
    void anEntryThatCannotBeCommittedIsRefusedAndLeavesNoTrace() throws Exception {
        try (AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(4))) {
            fixture.appendViews(3);
            // A damaged database: the write fails inside the transaction.
            fixture.sql("ALTER TABLE audit_entry ADD COLUMN must_be_set INT NOT NULL DEFAULT 0",
                    "ALTER TABLE audit_entry ALTER COLUMN must_be_set DROP DEFAULT");
            assertThrows(AuditUnavailableException.class, () -> fixture.log.append(AuditEvent.of(AuditAction.PLAY)));
            fixture.sql("ALTER TABLE audit_entry DROP COLUMN must_be_set");
            assertEquals(4, fixture.log.append(AuditEvent.of(AuditAction.PLAY)).seq(), "the failed entry used no number");
            assertEquals(4, fixture.verifier().verify(VerificationMode.FULL, Optional.empty()).entries());
        }
    }

    @Test
    void aClosedLogRefusesEntries() throws Exception {
        try (AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(5))) {
            fixture.log.close();
            assertThrows(AuditUnavailableException.class, () -> fixture.log.append(AuditEvent.of(AuditAction.PLAY)));
        }
    }

    @Test
    void detailsThatLookLikeSecretsOrFloatsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> AuditEvent.of(AuditAction.CONFIGURATION_CHANGE).detail("cameraPassword", "x"));
        assertThrows(IllegalArgumentException.class, () -> AuditEvent.of(AuditAction.CONFIGURATION_CHANGE).detail("api_token", "x"));
        assertThrows(IllegalArgumentException.class, () -> AuditEvent.of(AuditAction.RATE_CHANGE).detail("rate", 1.5));
        assertEquals(Optional.of("spin"), Optional.of(AuditEvent.of(AuditAction.PLAY).detail("spin", "spin").details().get("spin")));
    }
}
