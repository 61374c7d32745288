package mamori.fingerprint.emulated;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import mamori.fingerprint.Deletion;
import mamori.fingerprint.Enrolment;
import mamori.fingerprint.EnrolmentListener;
import mamori.fingerprint.EnrolmentStep;
import mamori.fingerprint.FingerSimulator;
import mamori.fingerprint.FingerprintReader;
import mamori.fingerprint.Identification;

/// An in-process stand-in for a fingerprint module: it "stores" templates (a finger key per
/// template id), identifies, verifies and enrols the fingers the demo panel or a test places on it.
///
/// This is a stand-in, not the emulator of a real module: no serial protocol is spoken. The R30x
/// emulator behind a real serial port (socat pty pair) replaces it with the identity capability;
/// both sit behind the same `FingerprintReader` interface. A placed finger is a touch: it counts
/// for one capture and is lifted after it.
public final class InProcessEmulatedReader implements FingerprintReader, FingerSimulator {

    /// Module match scores are 0..300-ish on R30x modules; a clean emulated match reports this.
    private static final int MATCH_SCORE = 180;
    private static final int CAPACITY = 1000;

    private final String readerId;
    private final Map<Integer, String> templates = new ConcurrentSkipListMap<>();
    private final List<SimulatedFinger> fingers;
    private final BlockingQueue<SimulatedFinger> placed = new LinkedBlockingQueue<>(1);
    private int newFingers;
    private volatile boolean closed;

    public InProcessEmulatedReader(String readerId, List<SimulatedFinger> enrolledFingers) {
        this.readerId = readerId;
        for (SimulatedFinger finger : enrolledFingers) {
            int template = finger.templateId().orElseThrow(() -> new IllegalArgumentException("enrolled finger without template"));
            templates.put(template, "template-" + template);
        }
        List<SimulatedFinger> all = new ArrayList<>(enrolledFingers);
        all.add(SimulatedFinger.unknown());
        all.add(SimulatedFinger.newFinger());
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
    public int templateCapacity() {
        return CAPACITY;
    }

    @Override
    public Identification identify(Duration timeout) throws InterruptedException {
        return match(timeout, null);
    }

    @Override
    public Identification verify(int templateId, Duration timeout) throws InterruptedException {
        return match(timeout, templateId);
    }

    private Identification match(Duration timeout, Integer only) throws InterruptedException {
        if (closed) {
            return new Identification.ReaderFault("The reader is closed");
        }
        SimulatedFinger finger = placed.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (finger == null) {
            return new Identification.NoFinger();
        }
        String key = keyOf(finger);
        for (var template : templates.entrySet()) {
            if (template.getValue().equals(key) && (only == null || only.equals(template.getKey()))) {
                return new Identification.Matched(template.getKey(), MATCH_SCORE);
            }
        }
        return new Identification.NotRecognised();
    }

    @Override
    public Enrolment enrol(int templateId, EnrolmentListener listener, Duration perCaptureTimeout) throws InterruptedException {
        if (closed) {
            return new Enrolment.ReaderFault("The reader is closed");
        }
        if (templateId < 0 || templateId >= CAPACITY) {
            return new Enrolment.LibraryFull(templateId, CAPACITY);
        }
        placed.clear();
        String first = null;
        for (int capture = 1; capture <= 2; capture++) {
            if (capture == 2) {
                listener.step(new EnrolmentStep.LiftFinger());
            }
            listener.step(new EnrolmentStep.PlaceFinger(capture, 2, false));
            SimulatedFinger finger = placed.poll(perCaptureTimeout.toMillis(), TimeUnit.MILLISECONDS);
            if (finger == null) {
                return new Enrolment.NoFinger(capture);
            }
            String key = keyOf(finger);
            listener.step(new EnrolmentStep.CaptureTaken(capture));
            if (capture == 1) {
                for (var template : templates.entrySet()) {
                    if (template.getValue().equals(key)) {
                        return new Enrolment.AlreadyEnrolled(template.getKey());
                    }
                }
                first = key;
            } else if (!key.equals(first)) {
                return new Enrolment.CapturesMismatch();
            }
        }
        templates.put(templateId, first);
        return new Enrolment.Stored(templateId);
    }

    @Override
    public Deletion delete(int templateId) {
        templates.remove(templateId);
        return new Deletion.Deleted(templateId);
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

    /// The stored finger a placed one stands for: by template id, an unknown one, or the current new one.
    private synchronized String keyOf(SimulatedFinger finger) {
        if (finger.isNew()) {
            if (templates.containsValue("new-" + newFingers)) {
                newFingers++;
            }
            return "new-" + newFingers;
        }
        if (finger.templateId().isPresent()) {
            return templates.getOrDefault(finger.templateId().getAsInt(), "template-" + finger.templateId().getAsInt());
        }
        return "unknown";
    }

    @Override
    public void close() {
        closed = true;
    }
}
