package mamori.usb;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/// A tree laid out like `/sys` for the devices the tests plug in: USB devices under an xHCI
/// controller with `bus/usb/devices` links, block devices with `dev/block/MAJ:MIN` links.
final class FakeSysfs {

    static final String CONTROLLER = "devices/pci0000:00/0000:00:14.0/usb1";
    static final String STICK = "/" + CONTROLLER + "/1-1";
    static final String KEYBOARD = "/" + CONTROLLER + "/1-2";

    final Path root;

    FakeSysfs(Path root) throws IOException {
        this.root = root;
        Files.createDirectories(root.resolve("bus/usb/devices"));
        Files.createDirectories(root.resolve("dev/block"));
    }

    /// A SanDisk Cruzer Blade: one mass-storage interface (class 08) and a serial number, with
    /// partition sdb1 (8:17) on it.
    FakeSysfs stick() throws IOException {
        usbDevice("1-1", "0781", "5567", "00", "SanDisk", "Cruzer Blade", "4C530001231219117142", "08");
        Path disk = dir(STICK.substring(1) + "/1-1:1.0/host6/target6:0:0/6:0:0:0/block/sdb");
        write(disk.resolve("removable"), "1");
        dir(root.relativize(disk.resolve("sdb1")).toString());
        link("dev/block/8:17", disk.resolve("sdb1"));
        return this;
    }

    /// A Logitech keyboard: HID (class 03), no serial number.
    FakeSysfs keyboard() throws IOException {
        usbDevice("1-2", "046d", "c31c", "00", "Logitech", "USB Keyboard", null, "03", "03");
        return this;
    }

    /// The PC's own SATA disk, sda1 (8:1), and loop0 (7:0).
    FakeSysfs fixedDiskAndLoop() throws IOException {
        Path disk = dir("devices/pci0000:00/0000:00:17.0/ata1/host0/target0:0:0/0:0:0:0/block/sda");
        write(disk.resolve("removable"), "0");
        dir(root.relativize(disk.resolve("sda1")).toString());
        link("dev/block/8:1", disk.resolve("sda1"));
        Path loop = dir("devices/virtual/block/loop0");
        write(loop.resolve("removable"), "0");
        link("dev/block/7:0", loop);
        return this;
    }

    void usbDevice(String busPath, String vendor, String product, String deviceClass, String manufacturer, String name, String serial,
            String... interfaceClasses) throws IOException {
        Path device = dir(CONTROLLER + "/" + busPath);
        write(device.resolve("idVendor"), vendor);
        write(device.resolve("idProduct"), product);
        write(device.resolve("bDeviceClass"), deviceClass);
        write(device.resolve("bNumInterfaces"), " " + interfaceClasses.length);
        write(device.resolve("manufacturer"), manufacturer);
        write(device.resolve("product"), name);
        if (serial != null) {
            write(device.resolve("serial"), serial);
        }
        for (int i = 0; i < interfaceClasses.length; i++) {
            Path usbInterface = Files.createDirectories(device.resolve(busPath + ":1." + i));
            write(usbInterface.resolve("bInterfaceClass"), interfaceClasses[i]);
        }
        link("bus/usb/devices/" + busPath, device);
    }

    /// Pulls a device out: its directory and link go, as in sysfs.
    void unplug(String busPath) throws IOException {
        Files.delete(root.resolve("bus/usb/devices/" + busPath));
        try (Stream<Path> files = Files.walk(root.resolve(CONTROLLER + "/" + busPath))) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private Path dir(String relative) throws IOException {
        return Files.createDirectories(root.resolve(relative));
    }

    private void link(String relative, Path target) throws IOException {
        Path link = root.resolve(relative);
        Files.createSymbolicLink(link, link.getParent().relativize(target));
    }

    private static void write(Path file, String text) throws IOException {
        Files.writeString(file, text + "\n");
    }
}
