package mamori.export.media;

import static mamori.export.media.ExportMediaFixture.ADMIN;
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
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import mamori.audit.AuditAction;
import mamori.export.media.CopyFailedException.Failure;
import mamori.store.Settings;
import mamori.usb.LinuxUsbWatch;
import mamori.usb.UsbMonitor;
import mamori.usb.Volume;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Copies to real file systems: two FAT images (ext4 where the kernel or dosfstools lacks FAT) on real loop
/// devices, mounted as root and seen by the real USB watch on `/proc/self/mountinfo`. A sysfs-like
/// tree puts each loop device under a USB mass-storage device, as the kernel does for a stick: one
/// with the approved vendor/product/serial, one with a serial nobody approved. The tests skip,
/// saying why, where the machine does not allow loop mounts (not Linux, not root, no losetup).
@Tag("system")
class ExportCopierSystemTest {

    private static final String CONTROLLER = "devices/pci0000:00/0000:00:14.0/usb1";
    private static final int MIB = 1024 * 1024;

    @TempDir
    Path dir;
    private ExportMediaFixture fixture;
    private final List<String> loops = new ArrayList<>();
    private final List<Path> mounts = new ArrayList<>();
    private UsbMonitor monitor;
    private Path stickMount;
    private Path otherMount;
    private String stickLoop;
    private String mkfs;

    private record Result(int exit, String output) {
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return new Result(process.waitFor(), output);
    }

    @BeforeEach
    void mountTwoSticks() throws Exception {
        assumeTrue(System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux"), "loop devices are Linux only");
        assumeTrue("root".equals(System.getProperty("user.name")), "losetup and mount need root (CI runs as root)");
        // FAT is what sticks carry; where the kernel has no vfat (some containers) or dosfstools is missing, ext4.
        String kernelFileSystems = Files.readString(Path.of("/proc/filesystems"));
        mkfs = Files.isExecutable(Path.of("/usr/sbin/mkfs.vfat")) && kernelFileSystems.contains("\tvfat") ? "/usr/sbin/mkfs.vfat"
                : Files.isExecutable(Path.of("/usr/sbin/mkfs.ext4")) && kernelFileSystems.contains("\text4") ? "/usr/sbin/mkfs.ext4" : null;
        assumeTrue(mkfs != null, "neither FAT (mkfs.vfat and the kernel's vfat) nor ext4 can be made and mounted here");
        fixture = new ExportMediaFixture(dir);
        Path sysfs = dir.resolve("sys");
        Files.createDirectories(sysfs.resolve("bus/usb/devices"));
        Files.createDirectories(sysfs.resolve("dev/block"));
        stickMount = Files.createDirectories(dir.resolve("media/MAMORI"));
        otherMount = Files.createDirectories(dir.resolve("media/OTHER"));
        stickLoop = attach("stick.img", 16, "MAMORI", sysfs, "1-1", STICK.serial());
        String otherLoop = attach("other.img", 4, "OTHER", sysfs, "1-2", "UNAPPROVED-0001");
        mount(stickLoop, stickMount);
        mount(otherLoop, otherMount);
        monitor = new UsbMonitor(new LinuxUsbWatch(sysfs, Path.of("/proc/self/mountinfo"), ExportMediaFixture.CLOCK, false),
                fixture.approved, new Settings(fixture.database), Optional::empty, fixture.log, ExportMediaFixture.CLOCK);
        monitor.start();
        awaitMounted(stickMount, true);
        awaitMounted(otherMount, true);
        fixture.approved.approve(session(ADMIN), STICK, "総務課 USB 1");
    }

    /// A file system image on a loop device, which the sysfs tree shows under USB device `busPath`.
    private String attach(String image, int mebibytes, String label, Path sysfs, String busPath, String serial) throws Exception {
        Path file = dir.resolve(image);
        assertEquals(0, run("dd", "if=/dev/zero", "of=" + file, "bs=1M", "count=" + mebibytes).exit());
        Result made = mkfs.endsWith("vfat") ? run(mkfs, "-n", label, file.toString()) : run(mkfs, "-q", "-F", "-L", label, file.toString());
        assertEquals(0, made.exit(), made.output());
        Result attached = run("losetup", "-f", "--show", file.toString());
        assumeTrue(attached.exit() == 0, "no loop device can be attached here: " + attached.output());
        String loop = attached.output();
        loops.add(loop);
        String name = Path.of(loop).getFileName().toString();
        String majorMinor = Files.readString(Path.of("/sys/class/block", name, "dev")).strip();
        Path device = Files.createDirectories(sysfs.resolve(CONTROLLER + "/" + busPath));
        Files.writeString(device.resolve("idVendor"), STICK.vendorId() + "\n");
        Files.writeString(device.resolve("idProduct"), STICK.productId() + "\n");
        Files.writeString(device.resolve("bDeviceClass"), "00\n");
        Files.writeString(device.resolve("bNumInterfaces"), " 1\n");
        Files.writeString(device.resolve("manufacturer"), "SanDisk\n");
        Files.writeString(device.resolve("product"), "Cruzer Blade\n");
        Files.writeString(device.resolve("serial"), serial + "\n");
        Path usbInterface = Files.createDirectories(device.resolve(busPath + ":1.0"));
        Files.writeString(usbInterface.resolve("bInterfaceClass"), "08\n");
        Path block = Files.createDirectories(usbInterface.resolve("host6/target6:0:0/6:0:0:0/block/" + name));
        Files.writeString(block.resolve("removable"), "1\n");
        Path link = sysfs.resolve("dev/block/" + majorMinor);
        Files.createSymbolicLink(link, link.getParent().relativize(block));
        Path busLink = sysfs.resolve("bus/usb/devices/" + busPath);
        Files.createSymbolicLink(busLink, busLink.getParent().relativize(device));
        return loop;
    }

    private void mount(String loop, Path at) throws Exception {
        Result mounted = run("mount", loop, at.toString());
        assumeTrue(mounted.exit() == 0, "the loop device cannot be mounted here: " + mounted.output());
        mounts.add(at);
    }

    /// Waits up to five seconds (the watch reads the mount table every second).
    private void awaitMounted(Path mountPoint, boolean present) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            boolean seen = monitor.mountedVolumes().stream().anyMatch(volume -> volume.mountPoint().equals(mountPoint.toString()));
            if (seen == present) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the watch did not see " + mountPoint + (present ? " mounted" : " unmounted") + " within 5 s");
    }

    @AfterEach
    void detach() throws Exception {
        if (monitor != null) {
            monitor.close();
        }
        for (Path mount : mounts.reversed()) {
            run("umount", mount.toString());
        }
        for (String loop : loops) {
            run("losetup", "-d", loop);
        }
        if (fixture != null) {
            fixture.close();
        }
    }

    private ExportCopier copier() {
        return new ExportCopier(fixture.approved, monitor::mountedVolumes, Optional.empty(), fixture.catalog, fixture.log,
                VolumeNames.system(Path.of("/dev/disk")));
    }

    private Destination.Medium stick(ExportCopier copier) {
        return copier.destinations().available().stream().map(Destination.Medium.class::cast)
                .filter(medium -> medium.directory().equals(stickMount)).findFirst().orElseThrow();
    }

    @Test
    void aCopyOnARealStickIsOnTheMediumWithTheDevicesIdentityInTheLog() throws Exception {
        ExportCopier copier = copier();
        Destinations found = copier.destinations();
        assertEquals(1, found.available().size(), found.toString());
        Destination.Medium medium = stick(copier);
        assertEquals(Volume.Kind.USB, medium.volume().kind());
        assertEquals(stickLoop, medium.volume().device());
        assertEquals(List.of(Destination.Reason.NOT_APPROVED), found.refused().stream().map(Destination.Refused::reason).toList());
        assertEquals(otherMount.toString(), found.refused().getFirst().volume().mountPoint());
        assertTrue(medium.freeBytes() > 8 * MIB && medium.freeBytes() < 16 * MIB, "free: " + medium.freeBytes());
        if (Files.isExecutable(Path.of("/usr/sbin/blkid"))) {
            assertTrue(medium.name().uuid().isPresent(), "blkid names the volume: " + medium.name());
            assertEquals(Optional.of("MAMORI"), medium.name().label());
        }
        StagedExport export = stage(dir.resolve("exports"), "EXP-S1", 2 * MIB + 333);

        CopyResult result = copier.copy(session(REQUESTER), export, medium, fraction -> { }, () -> false);

        assertEquals(CopyResult.ReadBack.DIRECT, result.readBack(), "FAT and ext4 allow O_DIRECT: the bytes were read from the device");
        assertEquals(List.of(stickMount.resolve(export.fileName())), files(stickMount).stream()
                .filter(file -> !file.getFileName().toString().equals("lost+found")).toList());
        String entry = fixture.entries(AuditAction.EXPORT_COPIED_TO_MEDIA).getLast().canonical();
        List<String> parts = new ArrayList<>(List.of("\"outcome\":\"COPIED\"", "\"serial\":\"" + STICK.serial() + "\"",
                "\"vendorId\":\"0781\"", "\"productId\":\"5567\"", "\"volumeDevice\":\"" + stickLoop + "\"",
                "\"mountPoint\":\"" + stickMount + "\"", "\"readBack\":\"DIRECT\"", "\"sha256\":\"" + export.sha256() + "\""));
        medium.name().uuid().ifPresent(uuid -> parts.add("\"volumeUuid\":\"" + uuid + "\""));
        for (String part : parts) {
            assertTrue(entry.contains(part), part + " in " + entry);
        }

        // Off the PC's caches: unmounted and mounted again, the device itself holds the package.
        assertEquals(0, run("umount", stickMount.toString()).exit());
        assertEquals(0, run("mount", stickLoop, stickMount.toString()).exit());
        assertEquals(export.sha256(), sha256(stickMount.resolve(export.fileName())));
    }

    @Test
    void aPackageLargerThanTheStickIsRefusedAndAFullStickMidCopyLeavesNothing() throws Exception {
        ExportCopier copier = copier();
        Destination.Medium medium = stick(copier);
        StagedExport tooLarge = stage(dir.resolve("exports"), "EXP-S2", 20 * MIB);
        CopyFailedException full = assertThrows(CopyFailedException.class,
                () -> copier.copy(session(REQUESTER), tooLarge, medium, fraction -> { }, () -> false));
        assertEquals(Failure.MEDIUM_FULL, full.failure());

        // Fits when the copy starts; something else fills the stick while it is written (a real ENOSPC).
        long free = Files.getFileStore(stickMount).getUsableSpace();
        StagedExport fits = stage(dir.resolve("exports"), "EXP-S3", (int) (free - 256 * 1024));
        Path filler = stickMount.resolve("filler.bin");
        boolean[] filled = {false};
        CopyFailedException filledUp = assertThrows(CopyFailedException.class, () -> copier.copy(session(REQUESTER), fits, medium,
                fraction -> {
                    if (!filled[0]) {
                        filled[0] = true;
                        fill(filler);
                    }
                }, () -> false));
        assertEquals(Failure.MEDIUM_FULL, filledUp.failure(), filledUp.getMessage());
        assertTrue(filledUp.recorded());
        assertEquals(List.of(filler), files(stickMount).stream().filter(file -> !file.getFileName().toString().equals("lost+found")).toList(),
                "the partial copy was removed");
    }

    private static void fill(Path filler) {
        byte[] block = new byte[64 * 1024];
        try (OutputStream out = Files.newOutputStream(filler)) {
            while (true) {
                out.write(block);
            }
        } catch (IOException e) {
            // The medium is full now.
        }
    }

    @Test
    void aStickPulledDuringTheCopyIsReportedAndItsLeftoverRemovedByTheNextCopy() throws Exception {
        ExportCopier copier = copier();
        Destination.Medium medium = stick(copier);
        StagedExport export = stage(dir.resolve("exports"), "EXP-S4", 3 * MIB);
        boolean[] pulled = {false};

        // A lazy unmount detaches the file system from the mount point at once, as pulling the stick does
        // for every later open; the file already open keeps being written to the detached file system.
        CopyFailedException lost = assertThrows(CopyFailedException.class, () -> copier.copy(session(REQUESTER), export, medium,
                fraction -> {
                    if (!pulled[0]) {
                        pulled[0] = true;
                        try {
                            assertEquals(0, run("umount", "-l", stickMount.toString()).exit());
                        } catch (IOException | InterruptedException e) {
                            throw new AssertionError(e);
                        }
                    }
                }, () -> false));
        assertEquals(Failure.MEDIUM_LOST, lost.failure(), lost.getMessage());
        assertTrue(lost.recorded());
        assertTrue(fixture.entries(AuditAction.EXPORT_COPIED_TO_MEDIA).stream().noneMatch(entry -> entry.canonical().contains("COPIED\"")));

        awaitMounted(stickMount, false);
        assertEquals(0, run("mount", stickLoop, stickMount.toString()).exit());
        awaitMounted(stickMount, true);
        Path leftover = stickMount.resolve("." + export.fileName() + ExportCopier.PARTIAL_SUFFIX);
        assertTrue(Files.exists(leftover), "the stick carries the unchecked partial copy, under its partial name");
        assertFalse(Files.exists(stickMount.resolve(export.fileName())));

        CopyResult again = copier.copy(session(REQUESTER), export, stick(copier), fraction -> { }, () -> false);
        assertEquals(export.sha256(), again.sha256());
        assertFalse(Files.exists(leftover));
        assertEquals(export.sha256(), sha256(stickMount.resolve(export.fileName())));
    }
}
