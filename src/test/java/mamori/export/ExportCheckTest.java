package mamori.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import mamori.audit.AuditAction;
import mamori.audit.AuditUnavailableException;
import mamori.camera.CameraCatalog;
import mamori.camera.CameraRepository;
import mamori.crypto.Ed25519Keys;
import mamori.crypto.KeyVault;
import mamori.demo.RecordingFormat;
import mamori.demo.TestPatternRecorder;
import mamori.policy.AccessConditions;
import mamori.policy.AccessPolicy;
import mamori.policy.ClockStatus;
import mamori.policy.ViewingHours;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// A package brought back, checked at the kiosk: real packages (a real MP4 made by FFmpeg, signed
/// and encrypted by the real packager, written through the real production step into a real H2 file
/// and audit log), found on a "medium" (a folder here), accepted or rejected, and every check recorded.
class ExportCheckTest {

    /// The fixture's audit log signs with this key (all-zero seed); manifests signed with it were signed "here".
    private static final Ed25519PrivateKeyParameters TERMINAL_KEY = new Ed25519PrivateKeyParameters(new byte[32], 0);

    @TempDir
    static Path shared;
    private static Path plainMp4;
    private static KeyVault.CertifiedKey rsaKey;

    @TempDir
    Path dir;
    private ExportRequestsFixture fixture;
    private Path medium;
    private ExportCheck check;

    @BeforeAll
    static void makeKeyAndVideo() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T03:00:00Z"), ZoneOffset.UTC);
        rsaKey = KeyVault.openOrCreate(shared.resolve("keys.p12"), shared.resolve("keys.pw"), Optional.empty(), new SecureRandom(), clock)
                .rsaCertifiedKey("export-rsa", "Mamori T-TEST exports");
        plainMp4 = shared.resolve("plain.mp4");
        new TestPatternRecorder(new RecordingFormat(320, 180, 5, 2, 80_000), ZoneId.of("Asia/Tokyo"))
                .record(plainMp4, "CAM-01", "玄関", ExportRequestsFixture.SPAN.from(), 10, frames -> { });
    }

    @BeforeEach
    void open() throws Exception {
        fixture = new ExportRequestsFixture(dir);
        medium = Files.createDirectories(dir.resolve("medium"));
        AccessConditions conditions = new AccessConditions(ViewingHours.noneSet(ZoneId.of("Asia/Tokyo")), true, ClockStatus.TRUSTED);
        CameraCatalog catalog = new CameraCatalog(new CameraRepository(fixture.database), new AccessPolicy(), fixture.clock, () -> conditions);
        check = new ExportCheck(() -> List.of(new ExportCheck.Place(medium, "USB 1"), new ExportCheck.Place(dir.resolve("gone"), "gone")),
                new ExportVerifier(), fixture.database, fixture.log, catalog,
                Set.of(Ed25519Keys.keyId(TERMINAL_KEY.generatePublicKey().getEncoded())));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private ExportProducer producer(Ed25519PrivateKeyParameters manifestKey) {
        ExportPackager packager = new ExportPackager(rsaKey, manifestKey, fixture.clock, new SecureRandom());
        return (order, staging, progress, cancelled) -> packager.pack(order, plainMp4,
                List.of(ExportSource.file("CAM-01-20261123-0100.mp4", ExportRequestsFixture.SPAN, "ab".repeat(32))), List.of(), staging,
                progress, cancelled);
    }

    /// Requested, approved by the supervisor, written here; the package then copied to the medium.
    private ExportPackage writtenHere() throws Exception {
        ExportRequest request = fixture.requestByOperator();
        ExportOrder order = fixture.requests.approve(ExportRequestsFixture.session(ExportRequestsFixture.OPERATOR), request.id(),
                ExportRequestsFixture.SUPERVISOR, false, "");
        return new ExportProduction(fixture.database, fixture.log, fixture.staging, () -> producer(TERMINAL_KEY))
                .produce(order, done -> { }, () -> false);
    }

    private ExportCheck.Candidate onMedium(Path file) throws Exception {
        Path copy = Files.copy(file, medium.resolve(file.getFileName()));
        return check.candidates().stream().filter(candidate -> candidate.file().equals(copy)).findFirst().orElseThrow();
    }

    private static final mamori.identity.Session SUPERVISOR = ExportRequestsFixture.session(ExportRequestsFixture.SUPERVISOR);

    @Test
    void aPackageWrittenHereIsAcceptedAsRecordedHereSignedHereAndTheCheckIsRecorded() throws Exception {
        ExportPackage made = writtenHere();
        char[] passphrase = made.passphrase().clone();

        var outcome = check.check(SUPERVISOR, onMedium(made.file()), passphrase);

        var accepted = assertInstanceOf(ExportCheck.Outcome.Accepted.class, outcome);
        assertEquals(ExportCheck.Provenance.RECORDED_HERE, accepted.provenance());
        assertTrue(accepted.signedHere());
        assertEquals(made.sha256(), accepted.packageSha256());
        assertEquals("op-1", accepted.export().manifest().requester().id());
        assertEquals("sup-1", accepted.export().manifest().approver().id());
        assertEquals(new String(new char[passphrase.length]), new String(passphrase), "the passphrase is zeroed after the check");
        var entry = fixture.entries.byAction(AuditAction.EXPORT_VERIFIED).getFirst();
        assertEquals("sup-1", entry.personId());
        assertEquals("cam-1", entry.cameraId());
        String canonical = entry.canonical();
        assertTrue(canonical.contains("\"verdict\":\"ACCEPTED\""), canonical);
        assertTrue(canonical.contains("\"provenance\":\"RECORDED_HERE\""), canonical);
        assertTrue(canonical.contains("\"packageSha256\":\"" + made.sha256() + "\""), canonical);
        assertTrue(canonical.contains("\"place\":\"USB 1\""), canonical);
        assertFalse(canonical.contains(new String(made.passphrase())), "the passphrase is never recorded");
    }

    @Test
    void aWrongPassphraseOrAChangedByteIsRejectedAndTheRejectionIsRecorded() throws Exception {
        ExportPackage made = writtenHere();
        var wrong = check.check(SUPERVISOR, onMedium(made.file()), "AAAA-BBBB-CCCC-DDDD-EEEE".toCharArray());
        assertEquals(ExportRejectedException.Reason.WRONG_PASSPHRASE, assertInstanceOf(ExportCheck.Outcome.Rejected.class, wrong).reason());

        Path changed = medium.resolve("changed.zip");
        byte[] bytes = Files.readAllBytes(made.file());
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(changed, bytes);
        var candidate = check.candidates().stream().filter(each -> each.file().equals(changed)).findFirst().orElseThrow();
        var damaged = check.check(SUPERVISOR, candidate, made.passphrase().clone());
        assertInstanceOf(ExportCheck.Outcome.Rejected.class, damaged);

        var entries = fixture.entries.byAction(AuditAction.EXPORT_VERIFIED);
        assertEquals(2, entries.size());
        assertTrue(entries.get(0).canonical().contains("\"verdict\":\"WRONG_PASSPHRASE\""), entries.get(0).canonical());
        assertTrue(entries.get(1).canonical().contains("\"verdict\":\"" + ((ExportCheck.Outcome.Rejected) damaged).reason() + "\""));
    }

    @Test
    void aGenuinePackageThisTerminalDidNotRecordOrSignIsAcceptedButSaysSo() throws Exception {
        ExportPackage made = writtenHere();
        // The same approved export packed again (another passphrase, other bytes): genuine content, not the file recorded.
        ExportOrder again = new ExportOrder(made.file().getFileName().toString().replace(".zip", ""), "T-TEST", "cam-1",
                ExportRequestsFixture.SPAN, "窃盗事件の捜査", "中央警察署", "op-1", "鈴木 一郎", "sup-1", "佐藤 花子",
                fixture.clock.instant(), false);
        Path repackedDir = Files.createDirectories(dir.resolve("repacked"));
        ExportPackage repacked = producer(TERMINAL_KEY).produce(again, repackedDir, done -> { }, () -> false);
        var other = assertInstanceOf(ExportCheck.Outcome.Accepted.class,
                check.check(SUPERVISOR, onMedium(repacked.file()), repacked.passphrase().clone()));
        assertEquals(ExportCheck.Provenance.OTHER_PACKAGE_RECORDED, other.provenance());

        // Another terminal's export: its own id and key.
        ExportOrder foreign = new ExportOrder("EXP-ELSEWHERE", "T-OTHER", "cam-1", ExportRequestsFixture.SPAN, "保険会社への提出", "保険会社",
                "op-9", "外部 太郎", "sup-9", "外部 花子", fixture.clock.instant(), false);
        Path foreignDir = Files.createDirectories(dir.resolve("foreign"));
        ExportPackage elsewhere = producer(new Ed25519PrivateKeyParameters(new SecureRandom())).produce(foreign, foreignDir, done -> { },
                () -> false);
        var unknown = assertInstanceOf(ExportCheck.Outcome.Accepted.class,
                check.check(SUPERVISOR, onMedium(elsewhere.file()), elsewhere.passphrase().clone()));
        assertEquals(ExportCheck.Provenance.NOT_RECORDED_HERE, unknown.provenance());
        assertFalse(unknown.signedHere());
    }

    @Test
    void anOperatorMayNotCheckAndNothingIsRecorded() throws Exception {
        ExportPackage made = writtenHere();
        var candidate = onMedium(made.file());
        assertThrows(ExportCheck.CheckRefusedException.class,
                () -> check.check(ExportRequestsFixture.session(ExportRequestsFixture.OTHER_OPERATOR), candidate, made.passphrase().clone()));
        assertTrue(fixture.entries.byAction(AuditAction.EXPORT_VERIFIED).isEmpty());
    }

    @Test
    void withoutTheAuditLogTheVerdictIsWithheld() throws Exception {
        ExportPackage made = writtenHere();
        var candidate = onMedium(made.file());
        fixture.log.close();
        assertThrows(AuditUnavailableException.class, () -> check.check(SUPERVISOR, candidate, made.passphrase().clone()));
    }

    @Test
    void packagesAreListedNewestFirstFromEveryPlaceAndOtherFilesOrAMissingPlaceListNothing() throws Exception {
        Path older = Files.write(medium.resolve("EXP-A.zip"), new byte[] {1});
        Path newer = Files.write(medium.resolve("EXP-B.ZIP"), new byte[] {2, 3});
        Files.write(medium.resolve("notes.txt"), new byte[] {4});
        Files.createDirectories(medium.resolve("folder.zip"));
        Files.setLastModifiedTime(older, FileTime.from(Instant.parse("2026-11-01T00:00:00Z")));
        Files.setLastModifiedTime(newer, FileTime.from(Instant.parse("2026-11-02T00:00:00Z")));

        var found = check.candidates();

        assertEquals(List.of(newer, older), found.stream().map(ExportCheck.Candidate::file).toList());
        assertEquals(2, found.getFirst().bytes());
        assertEquals("USB 1", found.getFirst().place());
    }
}
