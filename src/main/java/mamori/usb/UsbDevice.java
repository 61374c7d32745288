package mamori.usb;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/// One USB device as the system describes it. `devpath` is the kernel's path of the device (on Linux
/// `/devices/pci0000:00/0000:00:14.0/usb1/1-2`), `busPath` its port path (`1-2`). Ids are four
/// lower-case hex digits; the class codes are those of the USB-IF (08 mass storage, 03 HID, 09 hub).
/// The strings come from the device itself and are not to be trusted for anything but display and
/// matching against the approved list.
public record UsbDevice(String devpath, String busPath, String vendorId, String productId, int deviceClass,
        List<Integer> interfaceClasses, Optional<String> manufacturer, Optional<String> product, Optional<String> serial) {

    public static final int MASS_STORAGE = 0x08;

    public UsbDevice {
        interfaceClasses = List.copyOf(interfaceClasses);
    }

    /// Whether the device offers storage: the device class or one of its interfaces is mass storage.
    public boolean massStorage() {
        return deviceClass == MASS_STORAGE || interfaceClasses.contains(MASS_STORAGE);
    }

    /// The identity an administrator approves: vendor, product and serial.
    public MediaIdentity identity() {
        return new MediaIdentity(vendorId, productId, serial.orElse(""));
    }

    /// The device as an audit entry shows it.
    public Map<String, Object> auditDetails() {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("busPath", busPath);
        details.put("devpath", devpath);
        details.put("vendorId", vendorId);
        details.put("productId", productId);
        details.put("deviceClass", String.format("%02x", deviceClass));
        details.put("interfaceClasses", interfaceClasses.stream().map(code -> String.format("%02x", code)).toList());
        details.put("manufacturer", manufacturer.orElse(null));
        details.put("product", product.orElse(null));
        details.put("serial", serial.orElse(null));
        return details;
    }
}
