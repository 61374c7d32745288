package mamori.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import mamori.crypto.Ed25519Keys;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditKeyRotationTest {

    private static final AuditSigningKey SECOND = new AuditSigningKey(new Ed25519PrivateKeyParameters(AuditFixture.seed(52), 0));

    @TempDir
    Path dir;

    @Test
    void anAuditorHoldingOnlyTheFirstKeyVerifiesAcrossARotation() throws Exception {
        try (AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(51))) {
            fixture.appendViews(5);
            AuditEntry handover = fixture.log.rotateKey(SECOND);
            assertEquals(6, handover.seq());
            assertEquals(AuditAction.KEY_ROTATION, handover.action());
            assertEquals(fixture.key.keyId(), handover.keyId(), "the handover is signed by the outgoing key");
            fixture.appendViews(5);
            assertEquals(SECOND.keyId(), fixture.store.page(10, 1).getFirst().keyId(), "later entries are signed by the incoming key");
            var checkpoint = fixture.log.checkpoint("REPORT");

            VerifiedLog verified = fixture.verifier().verify(VerificationMode.FULL, Optional.empty());
            assertEquals(11, verified.entries());
            assertTrue(checkpoint.keyId().equals(SECOND.keyId()));

            var onlySecond = new AuditVerifier(fixture.store, Map.of(SECOND.keyId(), SECOND.publicKey()));
            var failure = assertThrows(AuditLogDamagedException.class, () -> onlySecond.verify(VerificationMode.FAST, Optional.empty()));
            assertEquals(Damage.UNKNOWN_KEY, failure.damage());
            assertEquals(1, failure.seq());
        }
    }

    @Test
    void theRetiredKeyIsNotTrustedAfterItsHandover() throws Exception {
        try (AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(53))) {
            fixture.appendViews(3);
            fixture.log.rotateKey(SECOND);
            fixture.appendViews(2);
            fixture.log.close();
            // Whoever still holds the old key appends an entry with it after the handover.
            var last = fixture.store.page(5, 1).getFirst();
            Ed25519PrivateKeyParameters old = new Ed25519PrivateKeyParameters(AuditFixture.seed(53), 0);
            try (AuditLog stale = new AuditLog(fixture.database, new AuditSigningKey(old), "T-1", "run-old", AuditFixture.CLOCK, () -> 1)) {
                stale.append(AuditEvent.of(AuditAction.EXPORT_APPROVED));
            }
            var both = new AuditVerifier(fixture.store, Map.of(fixture.key.keyId(), fixture.key.publicKey(), SECOND.keyId(),
                    SECOND.publicKey()));
            var failure = assertThrows(AuditLogDamagedException.class, () -> both.verify(VerificationMode.FULL, Optional.empty()));
            assertEquals(Damage.UNKNOWN_KEY, failure.damage(), failure.getMessage());
            assertEquals(last.seq() + 1, failure.seq());
        }
    }

    @Test
    void aHandoverTheIncomingKeyDidNotSignDoesNotHold() throws Exception {
        try (AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(54))) {
            fixture.appendViews(3);
            fixture.log.rotateKey(SECOND);
            fixture.appendViews(2);
            // Rewrite the handover to announce a forger's key, re-signed properly by the outgoing key.
            var handover = fixture.store.page(3, 1).getFirst();
            Ed25519PrivateKeyParameters forger = AuditFixture.rogueKey();
            byte[] forgerPublic = forger.generatePublicKey().getEncoded();
            String forged = handover.canonical()
                    .replace(SECOND.keyId(), Ed25519Keys.keyId(forgerPublic))
                    .replace(Base64.getEncoder().encodeToString(SECOND.publicKey()), Base64.getEncoder().encodeToString(forgerPublic));
            byte[] hash = AuditEntryFormat.entryHash(forged);
            byte[] signature = Ed25519Keys.sign(new Ed25519PrivateKeyParameters(AuditFixture.seed(54), 0), hash);
            fixture.sql("UPDATE audit_signed SET canonical = STRINGTOUTF8('" + forged + "'), entry_hash = X'" + HexFormat.of().formatHex(hash)
                    + "', signature = X'" + HexFormat.of().formatHex(signature) + "' WHERE seq = 4");
            var failure = assertThrows(AuditLogDamagedException.class,
                    () -> fixture.verifier().verify(VerificationMode.FAST, Optional.empty()));
            assertEquals(Damage.BAD_SIGNATURE, failure.damage(), failure.getMessage());
            assertEquals(4, failure.seq());
            assertTrue(failure.getMessage().contains("handover"), failure.getMessage());
        }
    }
}
