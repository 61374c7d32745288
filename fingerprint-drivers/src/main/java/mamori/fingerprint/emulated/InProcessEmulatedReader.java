package mamori.fingerprint.emulated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mamori.fingerprint.FingerSimulator;
import mamori.fingerprint.FingerprintReader;
import mamori.fingerprint.Identification;

/// An in-process stand-in for a fingerprint module: it "stores" a set of template ids and
/// identifies the finger the demo panel or a test places on it.
///
/// This is a stand-in, not the emulator of a real module: no serial protocol is spoken. The R30x
/// emulator behind a real serial port (socat pty pair) replaces it with the identity capability;
/// both sit behind the same `FingerprintReader` interface.
public final class InProcessEmulatedReader implements FingerprintReader, FingerSimulator {

    /// Module match scores are 0..300-ish on R30x modules; a clean emulated match reports this.
    private static final int MATCH_SCORE = 180;

    private final String readerId;
    private final Set<Integer> enrolledTemplates;
    private final List<SimulatedFinger> fingers;
    private final BlockingQueue<SimulatedFinger> placed = new LinkedBlockingQueue<>(1);
    private volatile boolean closed;

    public InProcessEmulatedReader(String readerId, List<SimulatedFinger> enrolledFingers) {
        this.readerId = readerId;
        this.enrolledTemplates = Set.copyOf(enrolledFingers.stream()
                .map(finger -> finger.templateId().orElseThrow(() -> new IllegalArgumentException("enrolled finger without template")))
                .toList());
        List<SimulatedFinger> all = new ArrayList<>(enrolledFingers);
        all.add(SimulatedFinger.unknown());
        this.fingers = List.copyOf(all);
    }

    @Override
    public String readerId() {
        return readerId;
    }

    @Override
    public String model() {
        return "In-process emulated reader";
    }

    @Override
    public Identification identify(Duration timeout) throws InterruptedException {
        if (closed) {
            return new Identification.ReaderFault("The reader is closed");
        }
        SimulatedFinger finger = placed.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (finger == null) {
            return new Identification.NoFinger();
        }
        var template = finger.templateId();
        if (template.isPresent() && enrolledTemplates.contains(template.getAsInt())) {
            return new Identification.Matched(template.getAsInt(), MATCH_SCORE);
        }
        return new Identification.NotRecognised();
    }

    @Override
    public List<SimulatedFinger> fingers() {
        return fingers;
    }

    /// Places a finger; a finger still lying unread is replaced, as lifting and placing again would.
    @Override
    public void place(SimulatedFinger finger) {
        placed.clear();
        placed.offer(finger);
    }

    @Override
    public void close() {
        closed = true;
    }
}
