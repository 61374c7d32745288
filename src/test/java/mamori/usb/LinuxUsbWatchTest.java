package mamori.usb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The Linux watch over a fake sysfs tree and a mount table file the test rewrites; the polls and
/// uevents are stepped by hand.
class LinuxUsbWatchTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T01:00:00Z"), ZoneOffset.UTC);
    private static final String BASE_TABLE = """
            22 27 0:21 / /proc rw,relatime - proc proc rw
            27 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
            31 27 0:26 / /run rw,nosuid,nodev shared:5 - tmpfs tmpfs rw,mode=755
            """;
    private static final String STICK_MOUNT = "612 27 8:17 / /media/kiosk/USB\\040STICK rw,nosuid shared:330 - vfat /dev/sdb1 rw\n";

    @TempDir
    Path dir;
    private FakeSysfs sysfs;
    private Path mountinfo;
    private LinuxUsbWatch watch;
    private final List<UsbEvent> events = new ArrayList<>();

    @BeforeEach
    void tree() throws Exception {
        sysfs = new FakeSysfs(Files.createDirectories(dir.resolve("sys"))).keyboard().fixedDiskAndLoop();
        mountinfo = dir.resolve("mountinfo");
        Files.writeString(mountinfo, BASE_TABLE);
        watch = new LinuxUsbWatch(sysfs.root, mountinfo, CLOCK, false);
    }

    @Test
    void whatIsPresentAtStartIsReportedOnceAsSuch() {
        watch.begin(events::add);
        assertEquals(2, events.size());
        var keyboard = assertInstanceOf(UsbEvent.DeviceConnected.class, events.get(0));
        assertTrue(keyboard.presentAtStart());
        assertEquals("046d", keyboard.device().vendorId());
        var root = assertInstanceOf(UsbEvent.VolumeMounted.class, events.get(1));
        assertTrue(root.presentAtStart());
        assertEquals(Volume.Kind.FIXED, root.volume().kind());
        watch.pollDevices();
        watch.pollMounts();
        assertEquals(2, events.size());
    }

    @Test
    void thePollerSeesAStickPluggedInAndPulledOut() throws Exception {
        watch.begin(events::add);
        events.clear();
        sysfs.stick();
        watch.pollDevices();
        var connected = assertInstanceOf(UsbEvent.DeviceConnected.class, events.getLast());
        assertFalse(connected.presentAtStart());
        assertTrue(connected.device().massStorage());
        assertEquals(Optional.of("4C530001231219117142"), connected.device().serial());

        sysfs.unplug("1-1");
        watch.pollDevices();
        var removed = assertInstanceOf(UsbEvent.DeviceRemoved.class, events.getLast());
        assertEquals(Optional.of("4C530001231219117142"), removed.device().serial(), "the identity read while it was there");
        assertEquals(2, events.size());
    }

    @Test
    void kernelUeventsReportTheDeviceWithItsSysfsIdentity() throws Exception {
        watch.begin(events::add);
        events.clear();
        sysfs.stick();
        byte[] added = UeventTest.stickAdded();
        Uevent interfaceAdded = new Uevent("add", FakeSysfs.STICK + "/1-1:1.0",
                java.util.Map.of("SUBSYSTEM", "usb", "DEVTYPE", "usb_interface"));
        watch.handle(interfaceAdded);
        assertTrue(events.isEmpty(), "interfaces are not devices");
        watch.handle(Uevent.parse(added, added.length).orElseThrow());
        watch.handle(new Uevent("bind", FakeSysfs.STICK, java.util.Map.of("SUBSYSTEM", "usb", "DEVTYPE", "usb_device")));
        assertEquals(1, events.size(), "add and bind report the device once");
        var connected = assertInstanceOf(UsbEvent.DeviceConnected.class, events.getFirst());
        assertEquals(List.of(8), connected.device().interfaceClasses());

        sysfs.unplug("1-1");
        byte[] removed = UeventTest.kernelMessage("remove", FakeSysfs.STICK, "ACTION=remove", "DEVPATH=" + FakeSysfs.STICK,
                "SUBSYSTEM=usb", "DEVTYPE=usb_device", "PRODUCT=781/5567/100", "TYPE=0/0/0", "SEQNUM=4720");
        watch.handle(Uevent.parse(removed, removed.length).orElseThrow());
        var gone = assertInstanceOf(UsbEvent.DeviceRemoved.class, events.getLast());
        assertEquals(Optional.of("Cruzer Blade"), gone.device().product());
    }

    @Test
    void theMountTableIsDiffedWithEscapedSpacesAndTheUsbDeviceBehindTheVolume() throws Exception {
        sysfs.stick();
        watch.begin(events::add);
        events.clear();
        Files.writeString(mountinfo, BASE_TABLE + STICK_MOUNT
                + "700 27 0:80 / /mnt/ram rw - tmpfs tmpfs rw\n");
        watch.pollMounts();
        assertEquals(1, events.size(), "tmpfs is not a volume");
        var mounted = assertInstanceOf(UsbEvent.VolumeMounted.class, events.getFirst());
        assertEquals("/media/kiosk/USB STICK", mounted.volume().mountPoint());
        assertEquals("vfat", mounted.volume().fsType());
        assertEquals(Volume.Kind.USB, mounted.volume().kind());
        assertEquals("0781", mounted.volume().usbDevice().orElseThrow().vendorId());

        Files.writeString(mountinfo, BASE_TABLE);
        watch.pollMounts();
        var unmounted = assertInstanceOf(UsbEvent.VolumeUnmounted.class, events.getLast());
        assertEquals("/media/kiosk/USB STICK", unmounted.volume().mountPoint());
        assertEquals(2, events.size());
    }

    @Test
    void anUnreadableMountTableUnmountsNothing() throws Exception {
        watch.begin(events::add);
        events.clear();
        Files.delete(mountinfo);
        watch.pollMounts();
        assertTrue(events.isEmpty());
    }
}
