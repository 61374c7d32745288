package mamori.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import mamori.crypto.KeyVault;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The kiosk's producer end to end on real recordings: transcoded, signed, encrypted, and accepted
/// by the recipients' verifier with the sources and people of the order; nothing plain stays behind.
@Tag("media")
class SignedExportProducerTest {

    @TempDir
    Path dir;

    private SignedExportProducer producer(ExportFixture fixture, Ed25519PrivateKeyParameters manifestKey) throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T03:00:00Z"), ZoneOffset.UTC);
        KeyVault vault = KeyVault.openOrCreate(dir.resolve("keys.p12"), dir.resolve("keys.pw"), Optional.empty(), new SecureRandom(), clock);
        var packager = new ExportPackager(vault.rsaCertifiedKey("export-rsa", "Mamori T-TEST exports"), manifestKey, clock, new SecureRandom());
        return new SignedExportProducer(fixture.transcoder, packager);
    }

    @Test
    void anApprovedExportBecomesAPackageTheVerifierAcceptsAndNoPlainVideoRemains() throws Exception {
        // Segments at 0-3 s and 5-8 s: the span 1-7 s has a gap the manifest must name.
        try (ExportFixture fixture = new ExportFixture(dir, 0, 5)) {
            var manifestKey = new Ed25519PrivateKeyParameters(new SecureRandom());
            List<Double> progress = new ArrayList<>();
            ExportPackage made = producer(fixture, manifestKey).produce(ExportFixture.order(1, 7, false), fixture.exports, progress::add, () -> false);

            try (Stream<Path> staged = Files.list(fixture.exports)) {
                assertEquals(List.of(made.file()), staged.toList(), "only the encrypted package is staged");
            }
            assertEquals(1.0, progress.getLast());
            for (int i = 1; i < progress.size(); i++) {
                assertTrue(progress.get(i) >= progress.get(i - 1), "progress never goes back");
            }
            var verified = new ExportVerifier().verify(made.file(), made.passphrase(),
                    Optional.of(manifestKey.generatePublicKey().getEncoded()));
            assertEquals("EXP-0001", verified.manifest().exportId());
            assertEquals(List.of(fixture.files.get(0).getFileName().toString(), fixture.files.get(1).getFileName().toString()),
                    verified.manifest().sources().stream().map(ExportSource::name).toList());
            assertEquals(List.of(new mamori.audit.RecordingRange(ExportFixture.RECORDED.plusSeconds(3), ExportFixture.RECORDED.plusSeconds(5))),
                    verified.manifest().gaps());
            assertEquals("sv-1", verified.manifest().approver().id());
            assertEquals("op-1", verified.manifest().requester().id());
        }
    }

    @Test
    void aCancelledExportLeavesNothing() throws Exception {
        try (ExportFixture fixture = new ExportFixture(dir, 0)) {
            var producer = producer(fixture, new Ed25519PrivateKeyParameters(new SecureRandom()));
            int[] asked = {0};
            assertThrows(ExportCancelledException.class,
                    () -> producer.produce(ExportFixture.order(0, 3, false), fixture.exports, done -> { }, () -> ++asked[0] > 5));
            try (Stream<Path> staged = Files.list(fixture.exports)) {
                assertArrayEquals(new Path[0], staged.toArray(Path[]::new));
            }
        }
    }
}
