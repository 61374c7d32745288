package mamori.usb;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/// A mounted file system on a block device: the device as the mount table names it, where it is
/// mounted, its type, what kind of device backs it and, for a USB-backed one, the USB device.
public record Volume(String device, String mountPoint, String fsType, Kind kind, Optional<UsbDevice> usbDevice) {

    /// What backs a volume, as far as sysfs tells.
    public enum Kind {
        /// A block device under a USB device (a stick, a card reader, a USB disk).
        USB,
        /// A block device the kernel marks removable but not on USB (an SD slot, an optical drive).
        REMOVABLE,
        /// A loop device: a file mounted as a disk.
        LOOP,
        /// A fixed disk of this PC.
        FIXED,
        /// sysfs does not say (no entry for the device).
        UNKNOWN
    }

    /// Whether the volume can carry data off the PC (or bring it in): everything but a fixed disk.
    public boolean portable() {
        return kind != Kind.FIXED;
    }

    public Map<String, Object> auditDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("device", device);
        details.put("mountPoint", mountPoint);
        details.put("fsType", fsType);
        details.put("kind", kind);
        details.put("usbDevice", usbDevice.map(UsbDevice::auditDetails).orElse(null));
        return details;
    }
}
