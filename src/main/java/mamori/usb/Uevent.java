package mamori.usb;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/// One kernel uevent as the `NETLINK_KOBJECT_UEVENT` socket delivers it: a header
/// `ACTION@DEVPATH` and `KEY=VALUE` pairs, each ended by a NUL byte (lib/kobject_uevent.c).
public record Uevent(String action, String devpath, Map<String, String> properties) {

    /// The kernel's buffer is 2048 bytes (UEVENT_BUFFER_SIZE); anything much larger is not a uevent.
    public static final int MAX_BYTES = 8192;
    /// The kernel sends at most 64 variables (UEVENT_NUM_ENVP).
    private static final int MAX_PROPERTIES = 128;

    public Uevent {
        properties = Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public Optional<String> property(String name) {
        return Optional.ofNullable(properties.get(name));
    }

    public String subsystem() {
        return properties.getOrDefault("SUBSYSTEM", "");
    }

    public String devtype() {
        return properties.getOrDefault("DEVTYPE", "");
    }

    /// Reads one datagram; empty for anything that is not a kernel uevent (udev's re-broadcasts,
    /// which start with `libudev\0`, an over-long or malformed message).
    public static Optional<Uevent> parse(byte[] data, int length) {
        if (length <= 0 || length > MAX_BYTES || length > data.length) {
            return Optional.empty();
        }
        int headerEnd = indexOfNul(data, 0, length);
        String header = new String(data, 0, headerEnd, StandardCharsets.UTF_8);
        int at = header.indexOf('@');
        if (at <= 0 || at == header.length() - 1 || header.charAt(at + 1) != '/') {
            return Optional.empty();
        }
        String action = header.substring(0, at);
        String devpath = header.substring(at + 1);
        Map<String, String> properties = new LinkedHashMap<>();
        int start = headerEnd + 1;
        while (start < length) {
            int end = indexOfNul(data, start, length);
            if (end > start) {
                String pair = new String(data, start, end - start, StandardCharsets.UTF_8);
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    return Optional.empty();
                }
                if (properties.size() >= MAX_PROPERTIES) {
                    return Optional.empty();
                }
                properties.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
            start = end + 1;
        }
        // The header and ACTION/DEVPATH say the same thing in a kernel message; a mismatch is not one.
        if (!properties.getOrDefault("ACTION", action).equals(action) || !properties.getOrDefault("DEVPATH", devpath).equals(devpath)) {
            return Optional.empty();
        }
        return Optional.of(new Uevent(action, devpath, properties));
    }

    private static int indexOfNul(byte[] data, int from, int length) {
        for (int i = from; i < length; i++) {
            if (data[i] == 0) {
                return i;
            }
        }
        return length;
    }
}
