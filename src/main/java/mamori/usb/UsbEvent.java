package mamori.usb;

import java.time.Instant;

/// What a [UsbWatch] reports. `presentAtStart` marks what was already there when the watch began
/// (reported once, so the log shows the state the kiosk started in).
public sealed interface UsbEvent {

    Instant observedAt();

    record DeviceConnected(UsbDevice device, boolean presentAtStart, Instant observedAt) implements UsbEvent {
    }

    record DeviceRemoved(UsbDevice device, Instant observedAt) implements UsbEvent {
    }

    record VolumeMounted(Volume volume, boolean presentAtStart, Instant observedAt) implements UsbEvent {
    }

    record VolumeUnmounted(Volume volume, Instant observedAt) implements UsbEvent {
    }
}
