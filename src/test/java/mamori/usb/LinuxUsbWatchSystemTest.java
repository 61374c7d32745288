package mamori.usb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The real kernel: a netlink uevent socket opened through FFM, and a real mount of a loop-device
/// file system seen by the watch on `/proc/self/mountinfo` and `/sys`. Each test skips, saying why,
/// where the machine does not allow it (not Linux, not root, no loop devices, no mkfs).
@Tag("system")
class LinuxUsbWatchSystemTest {

    @TempDir
    Path dir;

    private static boolean linux() {
        return System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux");
    }

    private static Result run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        return new Result(process.waitFor(), output);
    }

    private record Result(int exit, String output) {
    }

    @Test
    void theUeventSocketOpensAndReceivesWhatTheKernelSends() throws Exception {
        assumeTrue(linux(), "netlink is Linux only");
        UeventSocket socket;
        try {
            socket = UeventSocket.open();
        } catch (IOException e) {
            assumeTrue(false, "this machine does not allow the uevent socket: " + e.getMessage());
            return;
        }
        try (socket) {
            // Writing "change" to a device's uevent file makes the kernel send a real uevent for it.
            Path trigger = Path.of("/sys/devices/virtual/block/loop0/uevent");
            assumeTrue(Files.isWritable(trigger), "the socket opened, but no uevent can be triggered here (" + trigger + " not writable)");
            Files.writeString(trigger, "change");
            Optional<Uevent> seen = Optional.empty();
            long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
            while (seen.isEmpty() && System.nanoTime() < deadline) {
                if (socket.receive(Duration.ofMillis(500)) instanceof UeventSocket.Received.Message(byte[] data)) {
                    seen = Uevent.parse(data, data.length).filter(event -> event.devpath().equals("/devices/virtual/block/loop0"));
                }
            }
            assumeTrue(seen.isPresent(), "the socket opened, but no kernel uevents reach this network namespace");
            assertEquals("change", seen.get().action());
            assertEquals("block", seen.get().subsystem());
        }
    }

    @Test
    void aRealLoopDeviceMountIsSeenMountedAndUnmounted() throws Exception {
        assumeTrue(linux(), "loop devices are Linux only");
        assumeTrue("root".equals(System.getProperty("user.name")), "losetup and mount need root (CI runs as root)");
        String mkfs = Files.isExecutable(Path.of("/usr/sbin/mkfs.vfat")) ? "/usr/sbin/mkfs.vfat"
                : Files.isExecutable(Path.of("/usr/sbin/mkfs.ext4")) ? "/usr/sbin/mkfs.ext4" : null;
        assumeTrue(mkfs != null, "neither mkfs.vfat nor mkfs.ext4 is installed");
        Path image = dir.resolve("stick.img");
        Path mountPoint = Files.createDirectories(dir.resolve("USB STICK"));
        assertEquals(0, run("dd", "if=/dev/zero", "of=" + image, "bs=1M", "count=4").exit());
        assertEquals(0, (mkfs.endsWith("ext4") ? run(mkfs, "-q", "-F", image.toString()) : run(mkfs, image.toString())).exit());
        Result attached = run("losetup", "-f", "--show", image.toString());
        assumeTrue(attached.exit() == 0, "no loop device can be attached here: " + attached.output());
        String loop = attached.output();
        LinkedBlockingQueue<UsbEvent> events = new LinkedBlockingQueue<>();
        boolean mounted = false;
        try (LinuxUsbWatch watch = LinuxUsbWatch.system(Clock.systemUTC())) {
            watch.start(events::add);
            Result mount = run("mount", loop, mountPoint.toString());
            assumeTrue(mount.exit() == 0, "the loop device cannot be mounted here: " + mount.output());
            mounted = true;
            UsbEvent.VolumeMounted seen = next(events, UsbEvent.VolumeMounted.class, mountPoint);
            assertEquals(loop, seen.volume().device());
            assertEquals(Volume.Kind.LOOP, seen.volume().kind());
            assertTrue(List.of("vfat", "ext4").contains(seen.volume().fsType()), seen.volume().fsType());

            assertEquals(0, run("umount", mountPoint.toString()).exit());
            mounted = false;
            UsbEvent.VolumeUnmounted gone = next(events, UsbEvent.VolumeUnmounted.class, mountPoint);
            assertEquals(loop, gone.volume().device());
        } finally {
            if (mounted) {
                run("umount", mountPoint.toString());
            }
            run("losetup", "-d", loop);
        }
    }

    /// Waits up to five seconds (the table is read every second) for an event of `type` at `mountPoint`.
    private static <T extends UsbEvent> T next(LinkedBlockingQueue<UsbEvent> events, Class<T> type, Path mountPoint)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            UsbEvent event = events.poll(200, TimeUnit.MILLISECONDS);
            String at = switch (event) {
                case null -> null;
                case UsbEvent.VolumeMounted(Volume volume, boolean ignored, var _) -> volume.mountPoint();
                case UsbEvent.VolumeUnmounted(Volume volume, var _) -> volume.mountPoint();
                case UsbEvent.DeviceConnected _, UsbEvent.DeviceRemoved _ -> null;
            };
            if (type.isInstance(event) && mountPoint.toString().equals(at)) {
                return type.cast(event);
            }
        }
        throw new AssertionError("The watch did not report " + type.getSimpleName() + " at " + mountPoint + " within 5 s");
    }
}
