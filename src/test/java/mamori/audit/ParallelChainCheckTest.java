package mamori.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import mamori.crypto.Ed25519Keys;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Fast verification in slices (windows of 7 rows in 3 slices, so every boundary kind is crossed):
/// the same result as the one-row-at-a-time walk on an intact log with a key rotation and
/// checkpoints, and on damage it gives up so the walk names it.
class ParallelChainCheckTest {

    private static final int ENTRIES = 40;
    private static final AuditSigningKey SECOND = new AuditSigningKey(new Ed25519PrivateKeyParameters(AuditFixture.seed(6), 0));

    @TempDir
    Path dir;
    private AuditFixture fixture;

    @BeforeEach
    void writeLog() throws Exception {
        fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(5));
        fixture.appendViews(ENTRIES / 2);
        fixture.log.checkpoint("REPORT");
        fixture.log.rotateKey(SECOND);
        fixture.appendViews(ENTRIES / 2);
        fixture.log.checkpoint("REPORT");
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private AuditVerifier sliced() {
        return new AuditVerifier(fixture.store, fixture.trusted(), 3, 7);
    }

    @Test
    void slicesGiveWhatTheWalkGivesAcrossARotationAndCheckpoints() throws Exception {
        VerifiedLog walked = sliced().verify(VerificationMode.FULL, Optional.empty());
        VerifiedLog fast = sliced().verify(VerificationMode.FAST, Optional.empty());
        assertEquals(ENTRIES + 1, fast.entries());
        assertEquals(walked.entries(), fast.entries());
        assertEquals(walked.lastSeq(), fast.lastSeq());
        assertArrayEquals(walked.headHash(), fast.headHash());
        assertArrayEquals(walked.merkleRoot(), fast.merkleRoot());
        var proven = new ParallelChainCheck(fixture.store, 3, 7).check(
                java.util.Map.of(fixture.key.keyId(), new org.bouncycastle.crypto.params.Ed25519PublicKeyParameters(fixture.key.publicKey(), 0)),
                Set.of(20L));
        assertTrue(proven.isPresent());
        assertEquals(Set.of(20L), proven.get().rootsAt().keySet(), "the root at the checkpoint size is kept");
    }

    @Test
    void aRemovedEntryAtASliceBoundaryMakesItGiveUpAndTheWalkNamesIt() throws Exception {
        fixture.sql("DELETE FROM audit_signed WHERE seq = 8", "DELETE FROM audit_entry WHERE seq = 8");
        var proven = new ParallelChainCheck(fixture.store, 3, 7).check(
                java.util.Map.of(fixture.key.keyId(), new org.bouncycastle.crypto.params.Ed25519PublicKeyParameters(fixture.key.publicKey(), 0)),
                Set.of());
        assertTrue(proven.isEmpty());
        var failure = assertThrows(AuditLogDamagedException.class, () -> sliced().verify(VerificationMode.FAST, Optional.empty()));
        assertEquals(Damage.REMOVED, failure.damage(), failure.getMessage());
        assertEquals(8, failure.seq());
    }

    @Test
    void entriesOfAKeyNotTrustedWhereTheyStandMakeItGiveUp() throws Exception {
        assertTrue(new ParallelChainCheck(fixture.store, 3, 7).check(java.util.Map.of(), Set.of()).isEmpty(), "no trusted key");
        var incomingOnly = java.util.Map.of(Ed25519Keys.keyId(SECOND.publicKey()),
                new org.bouncycastle.crypto.params.Ed25519PublicKeyParameters(SECOND.publicKey(), 0));
        assertTrue(new ParallelChainCheck(fixture.store, 3, 7).check(incomingOnly, Set.of()).isEmpty(),
                "the incoming key alone does not vouch for the entries before its handover");
    }
}
