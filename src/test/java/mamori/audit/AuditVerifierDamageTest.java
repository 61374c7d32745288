package mamori.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import mamori.crypto.Ed25519Keys;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/// A catalogue of damage done to a real log (real encrypted H2 file, real signatures) with SQL, as
/// someone with access to the database file and its key would, and the exact verdict for each.
class AuditVerifierDamageTest {

    private static final int ENTRIES = 20;

    @TempDir
    Path dir;
    private AuditFixture fixture;

    @BeforeEach
    void writeLog() throws Exception {
        fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(7));
        fixture.appendViews(ENTRIES);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private AuditLogDamagedException damaged(VerificationMode mode) {
        return assertThrows(AuditLogDamagedException.class, () -> fixture.verifier().verify(mode, Optional.empty()));
    }

    private static void assertVerdict(AuditLogDamagedException failure, long seq, Damage damage) {
        assertEquals(damage, failure.damage(), failure.getMessage());
        assertEquals(seq, failure.seq(), failure.getMessage());
    }

    @ParameterizedTest
    @EnumSource(VerificationMode.class)
    void anIntactLogVerifies(VerificationMode mode) throws Exception {
        VerifiedLog verified = fixture.verifier().verify(mode, Optional.empty());
        assertEquals(ENTRIES, verified.entries());
        assertEquals(ENTRIES, verified.lastSeq());
    }

    @ParameterizedTest
    @EnumSource(VerificationMode.class)
    void anEditedEntryIsChanged(VerificationMode mode) throws Exception {
        fixture.sql("UPDATE audit_signed SET canonical = STRINGTOUTF8(REPLACE(UTF8TOSTRING(canonical), '\"action\":\"PLAY\"', "
                + "'\"action\":\"PAUSE\"')) WHERE seq = 7", "UPDATE audit_entry SET action = 'PAUSE' WHERE seq = 7");
        assertVerdict(damaged(mode), 7, Damage.CHANGED);
    }

    @Test
    void aRowWhoseTimeWasEditedIsChangedInFullMode() throws Exception {
        fixture.sql("UPDATE audit_entry SET recorded_at = DATEADD('HOUR', -3, recorded_at) WHERE seq = 9");
        assertVerdict(damaged(VerificationMode.FULL), 9, Damage.CHANGED);
        // Fast mode checks what is signed (chain, roots, checkpoints), not the query copies of it.
        assertEquals(ENTRIES, fixture.verifier().verify(VerificationMode.FAST, Optional.empty()).entries());
    }

    @Test
    void anEntryHiddenFromScreensByDeletingItsQueryRowIsChangedInFullMode() throws Exception {
        fixture.sql("DELETE FROM audit_entry WHERE seq = 11");
        var failure = damaged(VerificationMode.FULL);
        assertVerdict(failure, 11, Damage.CHANGED);
        assertTrue(failure.getMessage().contains("query row is missing"), failure.getMessage());
    }

    @ParameterizedTest
    @EnumSource(VerificationMode.class)
    void aDeletedEntryIsRemoved(VerificationMode mode) throws Exception {
        fixture.sql("DELETE FROM audit_signed WHERE seq IN (7, 8)", "DELETE FROM audit_entry WHERE seq IN (7, 8)");
        assertVerdict(damaged(mode), 7, Damage.REMOVED);
    }

    @ParameterizedTest
    @EnumSource(VerificationMode.class)
    void swappedEntriesAreReordered(VerificationMode mode) throws Exception {
        // Swap every column but the sequence number between entries 7 and 8.
        fixture.sql("CREATE TABLE swap_signed AS SELECT * FROM audit_signed WHERE seq IN (7, 8)",
                "CREATE TABLE swap_entry AS SELECT * FROM audit_entry WHERE seq IN (7, 8)",
                "DELETE FROM audit_signed WHERE seq IN (7, 8)", "DELETE FROM audit_entry WHERE seq IN (7, 8)",
                "INSERT INTO audit_signed SELECT 15 - seq, canonical, entry_hash, signature FROM swap_signed",
                "INSERT INTO audit_entry SELECT 15 - seq, recorded_at, terminal_id, person_id, session_id, action, camera_id, key_id "
                        + "FROM swap_entry",
                "DROP TABLE swap_signed", "DROP TABLE swap_entry");
        assertVerdict(damaged(mode), 7, Damage.REORDERED);
    }

    @Test
    void aForgedEntrySlippedIntoTheChainIsInserted() throws Exception {
        AuditEntry sixth = fixture.store.page(5, 1).stream().findFirst()
                .map(row -> new AuditEntry(row.seq(), row.recordedAt(), 0, "", "", Optional.empty(), Optional.empty(),
                        AuditAction.PLAY, Optional.empty(), Optional.empty(), Map.of(), null, row.keyId(), row.canonical(),
                        row.entryHash(), row.signature()))
                .orElseThrow();
        Ed25519PrivateKeyParameters rogue = AuditFixture.rogueKey();
        String rogueId = Ed25519Keys.keyId(rogue.generatePublicKey().getEncoded());
        String forged = AuditEntryFormat.canonical(7, sixth.recordedAt(), 1, "run-x", "T-1",
                AuditEvent.of(AuditAction.EXPORT_APPROVED).person("p-1"), sixth.entryHash(), rogueId);
        byte[] hash = AuditEntryFormat.entryHash(forged);
        byte[] signature = Ed25519Keys.sign(rogue, hash);
        // Make room at 7 (renumbering the rows, not their signed text), then put the forgery there.
        for (int seq = ENTRIES; seq >= 7; seq--) {
            fixture.sql("UPDATE audit_signed SET seq = " + (seq + 1) + " WHERE seq = " + seq,
                    "UPDATE audit_entry SET seq = " + (seq + 1) + " WHERE seq = " + seq);
        }
        fixture.sql("INSERT INTO audit_signed VALUES (7, STRINGTOUTF8('" + forged.replace("'", "''") + "'), X'"
                + HexFormat.of().formatHex(hash) + "', X'" + HexFormat.of().formatHex(signature) + "')",
                "INSERT INTO audit_entry VALUES (7, TIMESTAMP WITH TIME ZONE '" + sixth.recordedAt() + "', 'T-1', 'p-1', NULL, "
                + "'EXPORT_APPROVED', NULL, '" + rogueId + "')");
        assertVerdict(damaged(VerificationMode.FULL), 7, Damage.INSERTED);
        assertVerdict(damaged(VerificationMode.FAST), 7, Damage.INSERTED);
    }

    @Test
    void aFlippedSignatureBitIsABadSignatureInFullMode() throws Exception {
        fixture.sql("UPDATE audit_signed SET signature = BITXOR(signature, X'"
                + "01" + "00".repeat(63) + "') WHERE seq = 12");
        assertVerdict(damaged(VerificationMode.FULL), 12, Damage.BAD_SIGNATURE);
        // Fast mode does not check per-entry signatures: that is what makes it fast.
        assertEquals(ENTRIES, fixture.verifier().verify(VerificationMode.FAST, Optional.empty()).entries());
    }

    @ParameterizedTest
    @EnumSource(VerificationMode.class)
    void anEntryReSignedWithAnotherKeyNamesAnUnknownKey(VerificationMode mode) throws Exception {
        Ed25519PrivateKeyParameters rogue = AuditFixture.rogueKey();
        String rogueId = Ed25519Keys.keyId(rogue.generatePublicKey().getEncoded());
        var row = fixture.store.page(19, 1).getFirst();
        String resigned = row.canonical().replace(fixture.key.keyId(), rogueId);
        byte[] hash = AuditEntryFormat.entryHash(resigned);
        fixture.sql("UPDATE audit_signed SET canonical = STRINGTOUTF8('" + resigned + "'), entry_hash = X'"
                + HexFormat.of().formatHex(hash) + "', signature = X'" + HexFormat.of().formatHex(Ed25519Keys.sign(rogue, hash))
                + "' WHERE seq = 20", "UPDATE audit_entry SET key_id = '" + rogueId + "' WHERE seq = 20");
        assertVerdict(damaged(mode), 20, Damage.UNKNOWN_KEY);
    }

    @Test
    void aSwappedKeyStoreMakesEveryEntryUnknown() throws Exception {
        Ed25519PrivateKeyParameters other = AuditFixture.rogueKey();
        byte[] otherPublic = other.generatePublicKey().getEncoded();
        var verifier = new AuditVerifier(fixture.store, Map.of(Ed25519Keys.keyId(otherPublic), otherPublic));
        var failure = assertThrows(AuditLogDamagedException.class, () -> verifier.verify(VerificationMode.FULL, Optional.empty()));
        assertVerdict(failure, 1, Damage.UNKNOWN_KEY);
    }

    @Test
    void aDatabaseFromAnotherTerminalDoesNotVerifyWithThisTerminalsKey(@TempDir Path otherDir) throws Exception {
        try (AuditFixture other = new AuditFixture(otherDir, "T-2", AuditFixture.seed(8))) {
            other.appendViews(5);
            var verifier = new AuditVerifier(other.store, fixture.trusted());
            var failure = assertThrows(AuditLogDamagedException.class, () -> verifier.verify(VerificationMode.FAST, Optional.empty()));
            assertVerdict(failure, 1, Damage.UNKNOWN_KEY);
        }
    }

    @ParameterizedTest
    @EnumSource(VerificationMode.class)
    void aCutTailIsTruncatedAgainstACheckpoint(VerificationMode mode) throws Exception {
        VerifiedLog before = fixture.verifier().verify(mode, Optional.empty());
        var checkpoint = new AuditVerifier.TreeHead(before.entries(), before.merkleRoot());
        fixture.sql("DELETE FROM audit_signed WHERE seq >= 18", "DELETE FROM audit_entry WHERE seq >= 18");
        // Without the checkpoint a cut tail cannot be seen (a hash chain alone cannot reveal it) ...
        assertEquals(17, fixture.verifier().verify(mode, Optional.empty()).entries());
        // ... with it, it can.
        var failure = assertThrows(AuditLogDamagedException.class, () -> fixture.verifier().verify(mode, Optional.of(checkpoint)));
        assertVerdict(failure, 18, Damage.TRUNCATED);
    }

    @Test
    void aTailCutAndRewrittenNoLongerGivesTheCheckpointRoot() throws Exception {
        VerifiedLog before = fixture.verifier().verify(VerificationMode.FULL, Optional.empty());
        fixture.log.close();
        fixture.sql("DELETE FROM audit_signed WHERE seq >= 18", "DELETE FROM audit_entry WHERE seq >= 18");
        // The terminal (or whoever holds its key) writes new entries in place of the cut ones.
        try (AuditLog again = new AuditLog(fixture.database, fixture.key, "T-1", "run-2", AuditFixture.CLOCK, () -> 5)) {
            for (int i = 0; i < 3; i++) {
                again.append(AuditEvent.of(AuditAction.LOGOUT));
            }
        }
        var failure = assertThrows(AuditLogDamagedException.class, () -> fixture.verifier().verify(VerificationMode.FULL,
                Optional.of(new AuditVerifier.TreeHead(before.entries(), before.merkleRoot()))));
        assertVerdict(failure, 20, Damage.TRUNCATED);
    }

    @Test
    void theVerifiedRootIsTheMerkleRootOfTheCanonicalTexts() throws Exception {
        var leaves = new java.util.ArrayList<byte[]>();
        fixture.store.scan(row -> leaves.add(MerkleTree.leafHash(row.canonical().getBytes(java.nio.charset.StandardCharsets.UTF_8))));
        assertArrayEquals(MerkleTree.root(leaves), fixture.verifier().verify(VerificationMode.FAST, Optional.empty()).merkleRoot());
    }
}
