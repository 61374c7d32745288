package mamori.fingerprint.r30x;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import mamori.fingerprint.FingerSimulator;

/// The demo's fingerprint module: an [R30xEmulator] on one end of a socat pty pair, with the given
/// fingers enrolled at their template ids as module pages. The driver ([R30xReader]) opens the
/// other end, so every demo login crosses a real serial line: panel -> emulator -> pty -> driver.
///
/// As the demo panel's [FingerSimulator], "place" touches the sensor once: the finger is lifted
/// when a capture has read it, as a person would lift it.
public final class R30xEmulatorOnPty implements FingerSimulator, AutoCloseable {

    private final SocatPtyPair ptys;
    private final R30xEmulator emulator;
    private final List<SimulatedFinger> fingers;
    private int newFingers;

    private R30xEmulatorOnPty(SocatPtyPair ptys, R30xEmulator emulator, List<SimulatedFinger> fingers) {
        this.ptys = ptys;
        this.emulator = emulator;
        this.fingers = fingers;
    }

    /// Starts socat and the emulator on the module's end.
    ///
    /// @param enrolled fingers with a template id, stored on the module at that page
    /// @throws IOException when socat is missing or fails, or the module's end cannot be opened
    public static R30xEmulatorOnPty start(List<SimulatedFinger> enrolled, R30xEmulator.Settings settings)
            throws IOException, InterruptedException {
        Map<Integer, String> pages = new LinkedHashMap<>();
        for (SimulatedFinger finger : enrolled) {
            int page = finger.templateId().orElseThrow(() -> new IllegalArgumentException("enrolled finger without template"));
            pages.put(page, fingerId(finger));
        }
        List<SimulatedFinger> all = new ArrayList<>(enrolled);
        all.add(SimulatedFinger.unknown());
        all.add(SimulatedFinger.newFinger());
        SocatPtyPair ptys = SocatPtyPair.start();
        try {
            return new R30xEmulatorOnPty(ptys, R30xEmulator.start(ptys.moduleEnd(), settings, pages), List.copyOf(all));
        } catch (IOException | RuntimeException e) {
            ptys.close();
            throw e;
        }
    }

    /// The emulator's opaque finger id: whose finger and which one.
    private static String fingerId(SimulatedFinger finger) {
        return finger.owner().orElse("nobody") + "/" + finger.finger()
                + finger.templateId().stream().mapToObj(id -> "#" + id).findFirst().orElse("");
    }

    /// The serial device the driver opens (a `/dev/pts/N`).
    public String driverPort() {
        return ptys.driverEnd();
    }

    /// The emulated module, for injecting faults.
    public R30xEmulator emulator() {
        return emulator;
    }

    /// Pulls the cable: socat ends and both ends of the line go away.
    public void unplug() throws InterruptedException {
        ptys.unplug();
    }

    @Override
    public List<SimulatedFinger> fingers() {
        return fingers;
    }

    /// A finger with a template id is the one stored at that page (so a finger enrolled while the
    /// demo runs is placed as it was enrolled); "a new finger" is one stored nowhere until it is
    /// enrolled, after which the next "new finger" is another.
    @Override
    public void place(SimulatedFinger finger) {
        emulator.touchFinger(emulatorFinger(finger));
    }

    private synchronized String emulatorFinger(SimulatedFinger finger) {
        Map<Integer, String> pages = emulator.enrolledPages();
        if (finger.isNew()) {
            if (pages.containsValue(newFingerId())) {
                newFingers++;
            }
            return newFingerId();
        }
        if (finger.templateId().isPresent() && pages.containsKey(finger.templateId().getAsInt())) {
            return pages.get(finger.templateId().getAsInt());
        }
        return fingerId(finger);
    }

    private String newFingerId() {
        return "new-finger-" + newFingers;
    }

    @Override
    public void close() {
        emulator.close();
        ptys.close();
    }
}
