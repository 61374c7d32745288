package mamori.usb;

import java.util.Locale;
import java.util.Map;

/// What identifies a storage device an administrator approves: vendor and product id (four hex
/// digits) and the device's serial number. A device without a serial number (`serial` empty) cannot
/// be told apart from others of its model and is never approved.
public record MediaIdentity(String vendorId, String productId, String serial) {

    public MediaIdentity {
        vendorId = hexId(vendorId, "vendor");
        productId = hexId(productId, "product");
        if (serial == null || serial.length() > 255) {
            throw new IllegalArgumentException("A serial number has at most 255 characters");
        }
    }

    private static String hexId(String id, String what) {
        if (id == null || !id.matches("[0-9A-Fa-f]{4}")) {
            throw new IllegalArgumentException("A USB " + what + " id is four hex digits, not '" + id + "'");
        }
        return id.toLowerCase(Locale.ROOT);
    }

    public boolean hasSerial() {
        return !serial.isEmpty();
    }

    public Map<String, Object> auditDetails() {
        return Map.of("vendorId", vendorId, "productId", productId, "serial", serial);
    }
}
