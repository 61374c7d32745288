package mamori.export.media;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import mamori.usb.MediaIdentity;
import mamori.usb.UsbDevice;
import mamori.usb.Volume;

/// Where a copy may go now: a mounted volume on an approved USB device, or the configured folder.
/// `freeBytes` is what the file system said when the list was made.
public sealed interface Destination {

    /// The directory the copy is written into.
    Path directory();

    long freeBytes();

    /// What the audit entry says about where the copy went.
    Map<String, Object> auditDetails();

    /// A mounted volume whose USB device an administrator approved under `approvedLabel`.
    record Medium(Volume volume, UsbDevice device, String approvedLabel, VolumeName name, long freeBytes) implements Destination {

        public MediaIdentity identity() {
            return device.identity();
        }

        @Override
        public Path directory() {
            return Path.of(volume.mountPoint());
        }

        @Override
        public Map<String, Object> auditDetails() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("kind", "medium");
            details.put("vendorId", device.vendorId());
            details.put("productId", device.productId());
            details.put("serial", device.serial().orElse(null));
            details.put("manufacturer", device.manufacturer().orElse(null));
            details.put("product", device.product().orElse(null));
            details.put("approvedLabel", approvedLabel);
            details.put("volumeDevice", volume.device());
            details.put("volumeUuid", name.uuid().orElse(null));
            details.put("volumeLabel", name.label().orElse(null));
            details.put("fsType", volume.fsType());
            details.put("mountPoint", volume.mountPoint());
            return details;
        }
    }

    /// The folder configured with `MAMORI_EXPORT_FOLDER`.
    record Folder(Path directory, long freeBytes) implements Destination {

        @Override
        public Map<String, Object> auditDetails() {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("kind", "folder");
            details.put("folder", directory.toString());
            return details;
        }
    }

    /// A volume's file-system UUID and label, where the system tells them.
    record VolumeName(Optional<String> uuid, Optional<String> label) {
        public static final VolumeName UNKNOWN = new VolumeName(Optional.empty(), Optional.empty());
    }

    /// Mounted storage a copy may not go to, and why.
    record Refused(Volume volume, Optional<UsbDevice> device, Reason reason) {
    }

    /// Why mounted storage is not a destination.
    enum Reason {
        /// A USB device that is not on the approved list.
        NOT_APPROVED,
        /// A USB device without a serial number: it cannot be told apart from others of its model.
        NO_SERIAL,
        /// Removable storage not on USB (an SD slot, an optical drive): it cannot be approved.
        NOT_USB,
        /// The approved list cannot be read: nothing counts as approved.
        APPROVALS_UNREADABLE,
        /// Mounted read-only.
        READ_ONLY
    }
}
