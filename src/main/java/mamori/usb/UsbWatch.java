package mamori.usb;

import java.time.Clock;
import java.util.Locale;
import java.util.function.Consumer;

/// Watches the USB devices and the mounted volumes of this PC and reports changes to one listener,
/// on the watch's own threads. One implementation per operating system: [LinuxUsbWatch] now, a
/// Windows one later; [#none()] where there is none yet.
public interface UsbWatch extends AutoCloseable {

    /// Starts watching: first reports what is present, then every change, until [#close].
    void start(Consumer<UsbEvent> listener);

    /// How the watch learns of changes (for the log and the service status), e.g. "netlink" or "polling".
    String method();

    @Override
    void close();

    /// The watch for the operating system this runs on.
    static UsbWatch forThisSystem(Clock clock) {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return os.contains("linux") ? LinuxUsbWatch.system(clock) : none();
    }

    /// A watch that reports nothing, for systems without an implementation.
    static UsbWatch none() {
        return new UsbWatch() {
            @Override
            public void start(Consumer<UsbEvent> listener) {
            }

            @Override
            public String method() {
                return "none";
            }

            @Override
            public void close() {
            }
        };
    }
}
