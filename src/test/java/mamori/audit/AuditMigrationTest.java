package mamori.audit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import mamori.store.Database;
import mamori.store.SchemaMigrations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// A log written in the version-3 layout (signed text in the wide row) is carried over by migration
/// 4 byte for byte: it verifies afterwards and gives the same Merkle root.
class AuditMigrationTest {

    @TempDir
    Path dir;

    @Test
    void migrationFourKeepsEverySignedTextExactly() throws Exception {
        List<StoredEntry> written;
        VerifiedLog before;
        AuditSigningKey key;
        try (AuditFixture source = new AuditFixture(dir.resolve("source"), "T-1", AuditFixture.seed(81))) {
            source.appendViews(30);
            source.log.append(AuditEvent.of(AuditAction.CONFIGURATION_CHANGE).person("p-1").detail("old", "正面玄関")
                    .detail("new", "正面玄関 \"北\" ✓"));
            written = source.store.page(0, 100);
            before = source.verifier().verify(VerificationMode.FULL, Optional.empty());
            key = source.key;
        }
        try (Database old = Database.open(dir.resolve("old/db"), mamori.TestKeys.fileKey("old"), "u".toCharArray())) {
            new SchemaMigrations(SchemaMigrations.ALL.subList(0, 3), AuditFixture.CLOCK).migrate(old);
            old.inTransaction(connection -> {
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO audit_entry (seq, recorded_at, terminal_id, "
                        + "person_id, session_id, action, camera_id, canonical, entry_hash, key_id, signature) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    for (StoredEntry entry : written) {
                        insert.setLong(1, entry.seq());
                        insert.setObject(2, OffsetDateTime.ofInstant(entry.recordedAt(), ZoneOffset.UTC));
                        insert.setString(3, entry.terminalId());
                        insert.setString(4, entry.personId());
                        insert.setString(5, entry.sessionId());
                        insert.setString(6, entry.action());
                        insert.setString(7, entry.cameraId());
                        insert.setString(8, entry.canonical());
                        insert.setBytes(9, entry.entryHash());
                        insert.setString(10, entry.keyId());
                        insert.setBytes(11, entry.signature());
                        insert.executeUpdate();
                    }
                }
                return null;
            });
            assertEquals(SchemaMigrations.ALL.size() - 3, new SchemaMigrations(SchemaMigrations.ALL, AuditFixture.CLOCK).migrate(old));

            var store = new AuditEntryStore(old);
            VerifiedLog after = new AuditVerifier(store, java.util.Map.of(key.keyId(), key.publicKey()))
                    .verify(VerificationMode.FULL, Optional.empty());
            assertEquals(before.entries(), after.entries());
            assertArrayEquals(before.merkleRoot(), after.merkleRoot());
            assertEquals(written.getLast().canonical(), store.page(30, 1).getFirst().canonical());
        }
    }
}
