package mamori.usb;

import java.time.Instant;
import java.util.Optional;
import mamori.identity.Session;

/// Unapproved storage appeared: a USB storage device not on the approved list, or a removable
/// volume that cannot be approved (not on USB). It stays unresolved until a supervisor or an
/// administrator acknowledges it. `during` is the session at that moment, if there was one;
/// `lockRequested` says whether the policy asked for that session to be locked.
public record UsbAlert(String id, Instant at, Optional<UsbDevice> device, Optional<Volume> volume, Optional<Session> during,
        boolean lockRequested) {

    /// What the alert is about in a few words: vendor:product, product name and serial, or the volume.
    public String description() {
        if (device.isPresent()) {
            UsbDevice usb = device.get();
            StringBuilder text = new StringBuilder(usb.vendorId() + ":" + usb.productId());
            usb.manufacturer().ifPresent(name -> text.append(' ').append(name));
            usb.product().ifPresent(name -> text.append(' ').append(name));
            usb.serial().ifPresent(serial -> text.append(" (").append(serial).append(')'));
            return text.toString();
        }
        return volume.map(mounted -> mounted.device() + " " + mounted.mountPoint()).orElse(id);
    }
}
