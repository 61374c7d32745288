package mamori.export.media;

import static mamori.export.media.ExportMediaFixture.ADMIN;
import static mamori.export.media.ExportMediaFixture.APPROVER;
import static mamori.export.media.ExportMediaFixture.BYSTANDER;
import static mamori.export.media.ExportMediaFixture.REQUESTER;
import static mamori.export.media.ExportMediaFixture.STICK;
import static mamori.export.media.ExportMediaFixture.files;
import static mamori.export.media.ExportMediaFixture.session;
import static mamori.export.media.ExportMediaFixture.sha256;
import static mamori.export.media.ExportMediaFixture.stage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import mamori.audit.AuditAction;
import mamori.audit.AuditUnavailableException;
import mamori.audit.StoredEntry;
import mamori.export.media.CopyFailedException.Failure;
import mamori.policy.DenialReason;
import mamori.usb.UsbDevice;
import mamori.usb.Volume;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The copier on real files: a real configured folder and, standing for mounted media, directories
/// the mount list names as USB volumes (the real loop-device mounts are in ExportCopierSystemTest).
/// A real audit log in a real H2 file records every step.
class ExportCopierTest {

    @TempDir
    Path dir;
    private ExportMediaFixture fixture;
    private Path staging;
    private Path folder;

    @BeforeEach
    void open() throws Exception {
        fixture = new ExportMediaFixture(dir);
        staging = dir.resolve("exports");
        folder = Files.createDirectories(dir.resolve("archive"));
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private Destination.Folder folderDestination(ExportCopier copier) {
        return (Destination.Folder) copier.destinations().available().stream().filter(Destination.Folder.class::isInstance).findFirst()
                .orElseThrow();
    }

    private static UsbDevice stick(String serial) {
        return new UsbDevice("/devices/pci0000:00/0000:00:14.0/usb1/1-1", "1-1", "0781", "5567", 0, List.of(8), Optional.of("SanDisk"),
                Optional.of("Cruzer Blade"), Optional.ofNullable(serial));
    }

    @Test
    void aCopyToTheConfiguredFolderIsReadBackRecordedAndThenInPlace() throws Exception {
        StagedExport export = stage(staging, "EXP-1", 3 * ExportCopier.CHUNK + 17);
        ExportCopier copier = fixture.copier(Optional.of(folder));
        List<Double> progress = new ArrayList<>();

        CopyResult result = copier.copy(session(REQUESTER), export, folderDestination(copier), progress::add, () -> false);

        Path copy = folder.resolve(export.fileName());
        assertEquals(List.of(copy), files(folder), "only the copy, under its own name, no partial file");
        assertEquals(export.sha256(), sha256(copy));
        assertEquals(export.sha256(), result.sha256());
        assertEquals(export.bytes(), result.bytes());
        assertFalse(result.alreadyPresent());
        assertEquals(1.0, progress.getLast());
        for (int i = 1; i < progress.size(); i++) {
            assertTrue(progress.get(i) >= progress.get(i - 1), "progress only goes forward: " + progress);
        }
        List<StoredEntry> copied = fixture.entries(AuditAction.EXPORT_COPIED_TO_MEDIA);
        assertEquals(1, copied.size());
        StoredEntry entry = copied.getFirst();
        assertEquals(result.auditSeq(), entry.seq());
        assertEquals(REQUESTER.id(), entry.personId());
        assertEquals("cam-1", entry.cameraId());
        for (String part : List.of("\"outcome\":\"COPIED\"", "\"exportId\":\"EXP-1\"", "\"sha256\":\"" + export.sha256() + "\"",
                "\"bytes\":" + export.bytes(), "\"kind\":\"folder\"", "\"path\":\"" + copy + "\"",
                "\"readBackSha256\":\"" + export.sha256() + "\"", "\"readBack\":\"" + result.readBack() + "\"")) {
            assertTrue(entry.canonical().contains(part), part + " in " + entry.canonical());
        }
    }

    @Test
    void theApproverMayCopyTooButNobodyElse() throws Exception {
        StagedExport export = stage(staging, "EXP-2", 1000);
        ExportCopier copier = fixture.copier(Optional.of(folder));
        Destination.Folder destination = folderDestination(copier);

        CopyFailedException refused = assertThrows(CopyFailedException.class,
                () -> copier.copy(session(BYSTANDER), export, destination, fraction -> { }, () -> false));
        assertEquals(Failure.NOT_REQUESTER_OR_APPROVER, refused.failure());
        assertTrue(refused.recorded());
        assertEquals(List.of(), files(folder));
        StoredEntry denial = fixture.entries(AuditAction.POLICY_DENIAL).getLast();
        assertEquals(BYSTANDER.id(), denial.personId());
        assertTrue(denial.canonical().contains("\"reason\":\"NOT_REQUESTER_OR_APPROVER\""), denial.canonical());

        copier.copy(session(APPROVER), export, destination, fraction -> { }, () -> false);
        assertEquals(List.of(folder.resolve(export.fileName())), files(folder));
    }

    @Test
    void theRequesterWithoutTheRightAnyMoreIsRefusedByThePolicy() throws Exception {
        StagedExport export = new StagedExport("EXP-3", "cam-2", stage(staging, "EXP-3", 10).file(), stage(staging, "EXP-3", 10).sha256(),
                10, REQUESTER.id(), APPROVER.id());
        ExportCopier copier = fixture.copier(Optional.of(folder));

        CopyFailedException refused = assertThrows(CopyFailedException.class,
                () -> copier.copy(session(REQUESTER), export, folderDestination(copier), fraction -> { }, () -> false));
        assertEquals(Failure.DENIED, refused.failure());
        assertEquals(Optional.of(DenialReason.NO_GRANT), refused.denial());
        assertEquals(List.of(), files(folder));
        assertTrue(fixture.entries(AuditAction.POLICY_DENIAL).getLast().canonical().contains("\"reason\":\"NO_GRANT\""));
    }

    @Test
    void whenTheLogRefusesTheEntryNoCopyIsLeft() throws Exception {
        StagedExport export = stage(staging, "EXP-4", 2 * ExportCopier.CHUNK);
        List<Path> seenBeforeReadBack = new ArrayList<>();
        ExportCopier copier = fixture.copier(Optional.of(folder), seenBeforeReadBack::add);
        Destination.Folder destination = folderDestination(copier);
        fixture.log.close();

        assertThrows(AuditUnavailableException.class, () -> copier.copy(session(REQUESTER), export, destination, fraction -> { },
                () -> false));

        assertEquals(1, seenBeforeReadBack.size(), "the copy was written and read back before the log was asked");
        assertEquals(List.of(), files(folder), "no entry, no copy: neither the file nor its partial is left");
    }

    @Test
    void aCopyThatReadsBackDifferentlyIsRemovedAndRecordedAsAFailure() throws Exception {
        StagedExport export = stage(staging, "EXP-5", ExportCopier.CHUNK + 5);
        // Stands for a medium that does not keep what it was given: one byte changes between the write and the read-back.
        ExportCopier copier = fixture.copier(Optional.of(folder), partial -> {
            try (RandomAccessFile file = new RandomAccessFile(partial.toFile(), "rw")) {
                file.seek(1234);
                int was = file.read();
                file.seek(1234);
                file.write(was ^ 0x01);
            }
        });

        CopyFailedException failed = assertThrows(CopyFailedException.class,
                () -> copier.copy(session(REQUESTER), export, folderDestination(copier), fraction -> { }, () -> false));

        assertEquals(Failure.READ_BACK_MISMATCH, failed.failure());
        assertTrue(failed.recorded());
        assertEquals(List.of(), files(folder));
        StoredEntry entry = fixture.entries(AuditAction.EXPORT_COPIED_TO_MEDIA).getLast();
        assertTrue(entry.canonical().contains("\"outcome\":\"FAILED\""), entry.canonical());
        assertTrue(entry.canonical().contains("\"failure\":\"READ_BACK_MISMATCH\""), entry.canonical());
        assertFalse(entry.canonical().contains("\"readBackSha256\":\"" + export.sha256() + "\""), entry.canonical());
    }

    @Test
    void aPackageAlreadyThereIsCheckedAndRecordedNotWrittenAgainAndADifferentFileIsLeftAlone() throws Exception {
        StagedExport export = stage(staging, "EXP-6", 5000);
        ExportCopier copier = fixture.copier(Optional.of(folder));
        Destination.Folder destination = folderDestination(copier);
        copier.copy(session(REQUESTER), export, destination, fraction -> { }, () -> false);

        CopyResult again = copier.copy(session(APPROVER), export, destination, fraction -> { }, () -> false);
        assertTrue(again.alreadyPresent());
        assertTrue(fixture.entries(AuditAction.EXPORT_COPIED_TO_MEDIA).getLast().canonical().contains("\"outcome\":\"ALREADY_PRESENT\""));

        Files.writeString(folder.resolve(export.fileName()), "someone else's file");
        CopyFailedException taken = assertThrows(CopyFailedException.class,
                () -> copier.copy(session(REQUESTER), export, destination, fraction -> { }, () -> false));
        assertEquals(Failure.NAME_TAKEN, taken.failure());
        assertEquals("someone else's file", Files.readString(folder.resolve(export.fileName())));
    }

    @Test
    void aStagedPackageChangedSinceProductionIsNotCopied() throws Exception {
        StagedExport export = stage(staging, "EXP-7", 4096);
        byte[] changed = Files.readAllBytes(export.file());
        changed[0] ^= 0x40;
        Files.write(export.file(), changed);
        ExportCopier copier = fixture.copier(Optional.of(folder));

        CopyFailedException failed = assertThrows(CopyFailedException.class,
                () -> copier.copy(session(REQUESTER), export, folderDestination(copier), fraction -> { }, () -> false));
        assertEquals(Failure.SOURCE_DAMAGED, failed.failure());
        assertEquals(List.of(), files(folder));
    }

    @Test
    void aStoppedCopyLeavesNothing() throws Exception {
        StagedExport export = stage(staging, "EXP-8", 4 * ExportCopier.CHUNK);
        ExportCopier copier = fixture.copier(Optional.of(folder));
        List<Double> progress = new ArrayList<>();

        CopyFailedException stopped = assertThrows(CopyFailedException.class, () -> copier.copy(session(REQUESTER), export,
                folderDestination(copier), progress::add, () -> progress.size() >= 2));
        assertEquals(Failure.CANCELLED, stopped.failure());
        assertEquals(List.of(), files(folder));
    }

    @Test
    void mediaAreListedWithTheirApprovalAndOnlyApprovedOnesTakeCopies() throws Exception {
        Path approvedMount = Files.createDirectories(dir.resolve("media/STICK"));
        Path otherMount = Files.createDirectories(dir.resolve("media/OTHER"));
        Path anonymousMount = Files.createDirectories(dir.resolve("media/ANON"));
        Path sdMount = Files.createDirectories(dir.resolve("media/SD"));
        fixture.approved.approve(session(ADMIN), STICK, "総務課 USB 1");
        fixture.mounted.add(new Volume("/dev/sdb1", approvedMount.toString(), "vfat", Volume.Kind.USB, Optional.of(stick(STICK.serial()))));
        fixture.mounted.add(new Volume("/dev/sdc1", otherMount.toString(), "vfat", Volume.Kind.USB, Optional.of(stick("OTHER-SERIAL"))));
        fixture.mounted.add(new Volume("/dev/sdd1", anonymousMount.toString(), "vfat", Volume.Kind.USB, Optional.of(stick(null))));
        fixture.mounted.add(new Volume("/dev/mmcblk0p1", sdMount.toString(), "exfat", Volume.Kind.REMOVABLE, Optional.empty()));
        fixture.mounted.add(new Volume("/dev/sda1", "/", "ext4", Volume.Kind.FIXED, Optional.empty()));
        ExportCopier copier = fixture.copier(Optional.of(folder));

        Destinations found = copier.destinations();

        assertEquals(2, found.available().size(), found.toString());
        Destination.Medium medium = (Destination.Medium) found.available().getFirst();
        assertEquals("総務課 USB 1", medium.approvedLabel());
        assertEquals(approvedMount, medium.directory());
        assertTrue(medium.freeBytes() > 0);
        assertEquals(folder, found.available().get(1).directory());
        assertEquals(List.of(Destination.Reason.NOT_APPROVED, Destination.Reason.NO_SERIAL, Destination.Reason.NOT_USB),
                found.refused().stream().map(Destination.Refused::reason).toList());
        assertEquals(Optional.empty(), found.unusableFolder());

        StagedExport export = stage(staging, "EXP-9", 2048);
        copier.copy(session(REQUESTER), export, medium, fraction -> { }, () -> false);
        assertEquals(export.sha256(), sha256(approvedMount.resolve(export.fileName())));
        String entry = fixture.entries(AuditAction.EXPORT_COPIED_TO_MEDIA).getLast().canonical();
        for (String part : List.of("\"vendorId\":\"0781\"", "\"productId\":\"5567\"", "\"serial\":\"" + STICK.serial() + "\"",
                "\"approvedLabel\":\"総務課 USB 1\"", "\"mountPoint\":\"" + approvedMount + "\"", "\"volumeDevice\":\"/dev/sdb1\"")) {
            assertTrue(entry.contains(part), part + " in " + entry);
        }

        // Approval taken back after the list was shown: the copy is refused.
        fixture.approved.revoke(session(ADMIN), STICK);
        CopyFailedException revoked = assertThrows(CopyFailedException.class,
                () -> copier.copy(session(REQUESTER), stage(staging, "EXP-10", 10), medium, fraction -> { }, () -> false));
        assertEquals(Failure.DESTINATION_NOT_APPROVED, revoked.failure());
    }

    @Test
    void aMediumPulledDuringTheCopyIsReportedAndNothingIsRecordedAsCopied() throws Exception {
        // Stands for a pulled stick: the volume leaves the mount list and its directory goes while the copy is written.
        Path mount = Files.createDirectories(dir.resolve("media/STICK"));
        fixture.approved.approve(session(ADMIN), STICK, "stick");
        Volume volume = new Volume("/dev/sdb1", mount.toString(), "vfat", Volume.Kind.USB, Optional.of(stick(STICK.serial())));
        fixture.mounted.add(volume);
        ExportCopier copier = fixture.copier(Optional.empty());
        Destination medium = copier.destinations().available().getFirst();
        StagedExport export = stage(staging, "EXP-11", 3 * ExportCopier.CHUNK);
        boolean[] pulled = {false};

        CopyFailedException lost = assertThrows(CopyFailedException.class, () -> copier.copy(session(REQUESTER), export, medium,
                fraction -> {
                    if (!pulled[0]) {
                        pulled[0] = true;
                        fixture.mounted.clear();
                        deleteTree(mount);
                    }
                }, () -> false));

        assertEquals(Failure.MEDIUM_LOST, lost.failure());
        assertTrue(lost.recorded());
        assertTrue(fixture.entries(AuditAction.EXPORT_COPIED_TO_MEDIA).stream().noneMatch(entry -> entry.canonical().contains("COPIED\"")));
        assertFalse(Files.exists(mount));

        CopyFailedException gone = assertThrows(CopyFailedException.class,
                () -> copier.copy(session(REQUESTER), export, medium, fraction -> { }, () -> false));
        assertEquals(Failure.DESTINATION_GONE, gone.failure());
    }

    @Test
    void aMissingConfiguredFolderIsSaidNotListed() throws Exception {
        ExportCopier copier = fixture.copier(Optional.of(dir.resolve("no-such-folder")));
        Destinations found = copier.destinations();
        assertEquals(List.of(), found.available());
        assertEquals(Destinations.Problem.MISSING, found.unusableFolder().orElseThrow().problem());
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
