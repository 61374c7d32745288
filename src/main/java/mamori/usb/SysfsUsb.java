package mamori.usb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/// Reads USB devices and block devices from a sysfs tree (`/sys`, or a fake tree in tests):
/// a device directory has `idVendor`, `idProduct`, `bDeviceClass`, the strings `manufacturer`,
/// `product`, `serial` when the device has them, and one directory per interface
/// (`<busPath>:<config>.<interface>`) with `bInterfaceClass`.
public final class SysfsUsb {

    private static final int MAX_ATTRIBUTE_BYTES = 256;
    private static final int MAX_INTERFACES = 64;
    private static final int MAX_DEVICES = 1024;

    private final Path root;

    public SysfsUsb(Path root) {
        this.root = root;
    }

    /// The USB device at `devpath` (`/devices/...`), or empty when there is none (not a USB device,
    /// or gone already).
    public Optional<UsbDevice> device(String devpath) {
        Path dir = root.resolve(devpath.startsWith("/") ? devpath.substring(1) : devpath);
        Optional<String> vendor = attribute(dir, "idVendor");
        Optional<String> product = attribute(dir, "idProduct");
        if (vendor.isEmpty() || product.isEmpty() || !vendor.get().matches("[0-9a-fA-F]{4}") || !product.get().matches("[0-9a-fA-F]{4}")) {
            return Optional.empty();
        }
        String busPath = dir.getFileName().toString();
        List<Integer> interfaces = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(dir, busPath + ":*")) {
            for (Path child : children) {
                if (interfaces.size() >= MAX_INTERFACES) {
                    break;
                }
                attribute(child, "bInterfaceClass").map(SysfsUsb::hexCode).filter(code -> code >= 0).ifPresent(interfaces::add);
            }
        } catch (IOException e) {
            // A device removed while being read: what was read is what there is.
        }
        interfaces.sort(null);
        return Optional.of(new UsbDevice(devpath.startsWith("/") ? devpath : "/" + devpath, busPath,
                vendor.get().toLowerCase(Locale.ROOT), product.get().toLowerCase(Locale.ROOT),
                attribute(dir, "bDeviceClass").map(SysfsUsb::hexCode).orElse(-1), interfaces, attribute(dir, "manufacturer"),
                attribute(dir, "product"), attribute(dir, "serial")));
    }

    /// Whether every interface the device announces (`bNumInterfaces`) has appeared in sysfs yet: the
    /// kernel announces a device before its interfaces.
    boolean interfacesComplete(UsbDevice device) {
        Path dir = root.resolve(device.devpath().substring(1));
        return attribute(dir, "bNumInterfaces").map(String::strip).filter(text -> text.matches("\\d{1,3}"))
                .map(Integer::parseInt).map(count -> device.interfaceClasses().size() >= count).orElse(true);
    }

    /// Every USB device present now, by devpath (interfaces left out).
    public Map<String, UsbDevice> devices() {
        Map<String, UsbDevice> devices = new LinkedHashMap<>();
        Path bus = root.resolve("bus/usb/devices");
        if (!Files.isDirectory(bus)) {
            return devices;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(bus)) {
            for (Path entry : entries) {
                if (devices.size() >= MAX_DEVICES) {
                    break;
                }
                if (entry.getFileName().toString().contains(":")) {
                    continue;
                }
                devpath(entry).flatMap(this::device).ifPresent(device -> devices.put(device.devpath(), device));
            }
        } catch (IOException e) {
            // The bus directory vanished or cannot be listed: no devices seen.
        }
        return devices;
    }

    /// What backs block device `majorMinor` (as the mount table gives it), or the device named by
    /// `source` (`/dev/sdb1`) when sysfs has no entry by number.
    Origin blockOrigin(String majorMinor, String source) {
        Optional<Path> real = realPath(root.resolve("dev/block").resolve(majorMinor));
        if (real.isEmpty() && source.startsWith("/dev/")) {
            real = realPath(root.resolve("class/block").resolve(Path.of(source).getFileName().toString()));
        }
        if (real.isEmpty()) {
            return new Origin(Volume.Kind.UNKNOWN, Optional.empty());
        }
        Path dir = real.get();
        Path rootReal = realPath(root).orElse(root);
        String relative = rootReal.relativize(dir).toString();
        if (relative.startsWith("devices/virtual/block/loop")) {
            return new Origin(Volume.Kind.LOOP, Optional.empty());
        }
        if (relative.startsWith("devices/virtual/")) {
            return new Origin(Volume.Kind.UNKNOWN, Optional.empty());
        }
        for (Path up = dir.getParent(); up != null && up.startsWith(rootReal) && !up.equals(rootReal); up = up.getParent()) {
            if (Files.isRegularFile(up.resolve("idVendor"))) {
                Optional<UsbDevice> usb = device("/" + rootReal.relativize(up));
                if (usb.isPresent()) {
                    return new Origin(Volume.Kind.USB, usb);
                }
            }
        }
        Optional<String> removable = attribute(dir, "removable").or(() -> attribute(dir.getParent(), "removable"));
        return new Origin(removable.map(String::strip).filter("1"::equals).isPresent() ? Volume.Kind.REMOVABLE : Volume.Kind.FIXED,
                Optional.empty());
    }

    /// What backs a block device: its kind and, for a USB one, the USB device.
    record Origin(Volume.Kind kind, Optional<UsbDevice> usbDevice) {
    }

    private Optional<String> devpath(Path link) {
        Optional<Path> rootReal = realPath(root);
        return realPath(link).flatMap(real -> rootReal.filter(real::startsWith).map(base -> "/" + base.relativize(real)));
    }

    private static Optional<Path> realPath(Path path) {
        try {
            return Optional.of(path.toRealPath());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /// One attribute's text, bounded, with control characters replaced (device strings come from the device).
    private static Optional<String> attribute(Path dir, String name) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try (InputStream in = Files.newInputStream(file)) {
            String text = new String(in.readNBytes(MAX_ATTRIBUTE_BYTES), StandardCharsets.UTF_8).strip();
            StringBuilder clean = new StringBuilder(text.length());
            text.codePoints().forEach(c -> clean.appendCodePoint(Character.isISOControl(c) ? '?' : c));
            return clean.isEmpty() ? Optional.empty() : Optional.of(clean.toString());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static int hexCode(String text) {
        try {
            return Integer.parseInt(text.strip(), 16);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
