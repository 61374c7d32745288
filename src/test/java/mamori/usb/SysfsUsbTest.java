package mamori.usb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The sysfs reader on a fake tree laid out like `/sys`.
class SysfsUsbTest {

    @TempDir
    Path dir;
    private SysfsUsb sysfs;

    @BeforeEach
    void tree() throws Exception {
        new FakeSysfs(dir).stick().keyboard().fixedDiskAndLoop();
        sysfs = new SysfsUsb(dir);
    }

    @Test
    void aUsbStickIsMassStorageWithItsSerialNumber() {
        UsbDevice stick = sysfs.device(FakeSysfs.STICK).orElseThrow();
        assertEquals("1-1", stick.busPath());
        assertEquals("0781", stick.vendorId());
        assertEquals("5567", stick.productId());
        assertEquals(0, stick.deviceClass());
        assertEquals(List.of(8), stick.interfaceClasses());
        assertEquals(Optional.of("SanDisk"), stick.manufacturer());
        assertEquals(Optional.of("Cruzer Blade"), stick.product());
        assertEquals(Optional.of("4C530001231219117142"), stick.serial());
        assertTrue(stick.massStorage());
        assertEquals(new MediaIdentity("0781", "5567", "4C530001231219117142"), stick.identity());
    }

    @Test
    void aKeyboardIsNotStorageAndHasNoSerial() {
        UsbDevice keyboard = sysfs.device(FakeSysfs.KEYBOARD).orElseThrow();
        assertEquals(List.of(3, 3), keyboard.interfaceClasses());
        assertFalse(keyboard.massStorage());
        assertEquals(Optional.empty(), keyboard.serial());
        assertFalse(keyboard.identity().hasSerial());
    }

    @Test
    void theBusListsDevicesButNotInterfaces() {
        assertEquals(List.of(FakeSysfs.STICK, FakeSysfs.KEYBOARD), sysfs.devices().keySet().stream().sorted().toList());
    }

    @Test
    void aPathThatIsNoUsbDeviceGivesNothing() {
        assertTrue(sysfs.device("/devices/pci0000:00/0000:00:14.0/usb1/9-9").isEmpty());
        assertTrue(sysfs.device(FakeSysfs.STICK + "/1-1:1.0").isEmpty());
    }

    @Test
    void blockDevicesAreTracedToWhatBacksThem() {
        SysfsUsb.Origin stick = sysfs.blockOrigin("8:17", "/dev/sdb1");
        assertEquals(Volume.Kind.USB, stick.kind());
        assertEquals(FakeSysfs.STICK, stick.usbDevice().orElseThrow().devpath());
        assertEquals(Volume.Kind.FIXED, sysfs.blockOrigin("8:1", "/dev/sda1").kind());
        assertEquals(Volume.Kind.LOOP, sysfs.blockOrigin("7:0", "/dev/loop0").kind());
        assertEquals(Volume.Kind.UNKNOWN, sysfs.blockOrigin("259:3", "/dev/nvme0n1p3").kind());
    }

    @Test
    void controlCharactersFromTheDeviceAreReplaced() throws Exception {
        new FakeSysfs(dir).usbDevice("1-3", "abcd", "0001", "00", "Evil\u001b[2J", "Stick", "S\u0007N", "08");
        UsbDevice device = sysfs.device("/" + FakeSysfs.CONTROLLER + "/1-3").orElseThrow();
        assertEquals(Optional.of("Evil?[2J"), device.manufacturer());
        assertEquals(Optional.of("S?N"), device.serial());
    }
}
