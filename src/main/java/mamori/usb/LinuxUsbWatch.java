package mamori.usb;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/// The USB watch on Linux. Devices: the kernel's uevents on a netlink socket ([UeventSocket]); where
/// the socket cannot be opened (some containers), `/sys/bus/usb/devices` is compared every two
/// seconds instead. Identity comes from sysfs ([SysfsUsb]). Volumes: the mount table is compared
/// every second; mounts of file systems on block devices are reported, with what backs them.
///
/// Events are delivered in order, one at a time, from the watch's own threads.
public final class LinuxUsbWatch implements UsbWatch {

    public static final Duration DEVICE_POLL_INTERVAL = Duration.ofSeconds(2);
    public static final Duration MOUNT_POLL_INTERVAL = Duration.ofSeconds(1);
    private static final Duration INTERFACE_WAIT = Duration.ofMillis(250);
    private static final int INTERFACE_TRIES = 8;
    private static final int MAX_MOUNTINFO_BYTES = 4 * 1024 * 1024;

    private final SysfsUsb sysfs;
    private final Path mountinfo;
    private final Clock clock;
    private final boolean tryNetlink;

    // Guarded by this.
    private final Map<String, UsbDevice> devices = new HashMap<>();
    private final Map<MountKey, Volume> volumes = new LinkedHashMap<>();
    private Consumer<UsbEvent> listener;
    private ScheduledExecutorService scheduler;
    private Thread reader;
    private UeventSocket socket;
    private String method = "not started";
    private volatile boolean closed;

    /// The watch of this PC: `/sys`, `/proc/self/mountinfo`, netlink where allowed.
    public static LinuxUsbWatch system(Clock clock) {
        return new LinuxUsbWatch(Path.of("/sys"), Path.of("/proc/self/mountinfo"), clock, true);
    }

    /// A watch over another sysfs tree and mount table (tests); `tryNetlink` false polls sysfs.
    public LinuxUsbWatch(Path sysfsRoot, Path mountinfo, Clock clock, boolean tryNetlink) {
        this.sysfs = new SysfsUsb(sysfsRoot);
        this.mountinfo = mountinfo;
        this.clock = clock;
        this.tryNetlink = tryNetlink;
    }

    @Override
    public synchronized void start(Consumer<UsbEvent> events) {
        if (listener != null || closed) {
            throw new IllegalStateException(closed ? "The USB watch is closed" : "The USB watch already runs");
        }
        listener = events;
        begin();
        scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("usb-watch").daemon().factory());
        scheduler.scheduleWithFixedDelay(guarded(this::pollMounts), MOUNT_POLL_INTERVAL.toMillis(), MOUNT_POLL_INTERVAL.toMillis(),
                TimeUnit.MILLISECONDS);
        Optional<String> refused = Optional.empty();
        if (tryNetlink) {
            try {
                socket = UeventSocket.open();
                reader = Thread.ofPlatform().name("usb-uevents").daemon().start(this::readUevents);
                method = "netlink";
            } catch (IOException | UnsatisfiedLinkError e) {
                refused = Optional.of(e.getMessage());
            }
        }
        if (socket == null) {
            method = refused.map(reason -> "sysfs polling (" + reason + ")").orElse("sysfs polling");
            scheduler.scheduleWithFixedDelay(guarded(this::pollDevices), DEVICE_POLL_INTERVAL.toMillis(),
                    DEVICE_POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /// Reports what is present now, as present at start, without threads (tests call it through [#start]
    /// or directly before stepping the polls by hand).
    synchronized void begin(Consumer<UsbEvent> events) {
        listener = events;
        begin();
    }

    private void begin() {
        for (UsbDevice device : sysfs.devices().values()) {
            devices.put(device.devpath(), device);
            listener.accept(new UsbEvent.DeviceConnected(device, true, clock.instant()));
        }
        for (var volume : readVolumes().entrySet()) {
            volumes.put(volume.getKey(), volume.getValue());
            listener.accept(new UsbEvent.VolumeMounted(volume.getValue(), true, clock.instant()));
        }
    }

    @Override
    public synchronized String method() {
        return method;
    }

    private void readUevents() {
        while (!closed) {
            try {
                switch (socket.receive(Duration.ofMillis(500))) {
                    case UeventSocket.Received.Message(byte[] data) -> Uevent.parse(data, data.length).ifPresent(this::handle);
                    case UeventSocket.Received.Nothing() -> {
                    }
                    case UeventSocket.Received.Lost() -> pollDevices();
                }
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                // The socket broke: fall back to polling, so devices are still seen.
                synchronized (this) {
                    method = "sysfs polling (netlink failed: " + e.getMessage() + ")";
                    scheduler.scheduleWithFixedDelay(guarded(this::pollDevices), 0, DEVICE_POLL_INTERVAL.toMillis(),
                            TimeUnit.MILLISECONDS);
                }
                return;
            } catch (RuntimeException e) {
                // One bad message must not end the watch; the next resync catches what it hid.
                pollDevices();
            }
        }
    }

    /// Handles one kernel uevent: USB devices (not their interfaces) added, bound or removed.
    synchronized void handle(Uevent event) {
        if (!event.subsystem().equals("usb") || !event.devtype().equals("usb_device")) {
            return;
        }
        switch (event.action()) {
            case "add", "bind" -> connected(event, 0);
            case "remove" -> {
                UsbDevice gone = devices.remove(event.devpath());
                if (gone == null) {
                    gone = fromUevent(event);
                }
                listener.accept(new UsbEvent.DeviceRemoved(gone, clock.instant()));
            }
            default -> {
            }
        }
    }

    /// The kernel announces a device before its interfaces exist in sysfs: wait a little for them
    /// (the `bind` that follows the interfaces also ends the wait), then report it once.
    private void connected(Uevent event, int tries) {
        if (closed || devices.containsKey(event.devpath())) {
            return;
        }
        Optional<UsbDevice> read = sysfs.device(event.devpath());
        if (read.isPresent() && !sysfs.interfacesComplete(read.get()) && tries < INTERFACE_TRIES && scheduler != null
                && !event.action().equals("bind")) {
            scheduler.schedule(guarded(() -> {
                synchronized (this) {
                    connected(event, tries + 1);
                }
            }), INTERFACE_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        UsbDevice device = read.orElseGet(() -> fromUevent(event));
        devices.put(device.devpath(), device);
        listener.accept(new UsbEvent.DeviceConnected(device, false, clock.instant()));
    }

    /// What the uevent itself says (`PRODUCT=vid/pid/bcd` in hex without leading zeros,
    /// `TYPE=class/subclass/protocol` in decimal) when sysfs no longer has the device.
    static UsbDevice fromUevent(Uevent event) {
        String[] product = event.property("PRODUCT").orElse("").split("/");
        String[] type = event.property("TYPE").orElse("").split("/");
        String devpath = event.devpath();
        return new UsbDevice(devpath, devpath.substring(devpath.lastIndexOf('/') + 1), hex4(product, 0), hex4(product, 1),
                decimal(type, 0), List.of(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private static String hex4(String[] parts, int index) {
        if (parts.length > index && parts[index].matches("[0-9a-fA-F]{1,4}")) {
            return String.format("%04x", Integer.parseInt(parts[index], 16));
        }
        return "0000";
    }

    private static int decimal(String[] parts, int index) {
        return parts.length > index && parts[index].matches("\\d{1,3}") ? Integer.parseInt(parts[index]) : -1;
    }

    /// Compares the USB devices in sysfs with those known and reports the difference.
    synchronized void pollDevices() {
        Map<String, UsbDevice> now = sysfs.devices();
        for (String devpath : new ArrayList<>(devices.keySet())) {
            if (!now.containsKey(devpath)) {
                listener.accept(new UsbEvent.DeviceRemoved(devices.remove(devpath), clock.instant()));
            }
        }
        for (UsbDevice device : now.values()) {
            if (!devices.containsKey(device.devpath())) {
                devices.put(device.devpath(), device);
                listener.accept(new UsbEvent.DeviceConnected(device, false, clock.instant()));
            }
        }
    }

    /// Compares the mount table with the volumes known and reports the difference.
    synchronized void pollMounts() {
        Map<MountKey, Volume> now = readVolumes();
        for (MountKey key : new ArrayList<>(volumes.keySet())) {
            if (!now.containsKey(key)) {
                listener.accept(new UsbEvent.VolumeUnmounted(volumes.remove(key), clock.instant()));
            }
        }
        for (var entry : now.entrySet()) {
            if (!volumes.containsKey(entry.getKey())) {
                volumes.put(entry.getKey(), entry.getValue());
                listener.accept(new UsbEvent.VolumeMounted(entry.getValue(), false, clock.instant()));
            }
        }
    }

    private Map<MountKey, Volume> readVolumes() {
        Map<MountKey, Volume> found = new LinkedHashMap<>();
        String text;
        try (InputStream in = Files.newInputStream(mountinfo)) {
            text = new String(in.readNBytes(MAX_MOUNTINFO_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // No table to read: keep what is known rather than reporting every volume unmounted.
            return new LinkedHashMap<>(volumes);
        }
        for (MountTable.Mount mount : MountTable.parse(text)) {
            if (!mount.onBlockDevice()) {
                continue;
            }
            MountKey key = new MountKey(mount.id(), mount.majorMinor(), mount.mountPoint(), mount.source());
            Volume known = volumes.get(key);
            if (known != null) {
                found.put(key, known);
                continue;
            }
            SysfsUsb.Origin origin = sysfs.blockOrigin(mount.majorMinor(), mount.source());
            found.put(key, new Volume(mount.source(), mount.mountPoint(), mount.fsType(), origin.kind(), origin.usbDevice()));
        }
        return found;
    }

    private Runnable guarded(Runnable work) {
        return () -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                // A scheduled task that throws is never run again: the next round tries afresh.
            }
        };
    }

    @Override
    public void close() {
        ScheduledExecutorService running;
        Thread receiving;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            running = scheduler;
            receiving = reader;
        }
        if (running != null) {
            running.shutdownNow();
        }
        if (receiving != null) {
            try {
                receiving.join(Duration.ofSeconds(2));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (socket != null) {
            socket.close();
        }
    }

    /// A mount as the table identifies it (mount ids are reused, so not the id alone).
    private record MountKey(int id, String majorMinor, String mountPoint, String source) {
    }
}
