package mamori.fingerprint.gt521;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/// The module's side of the GT-521Fxx protocol on the far end of a serial port (a socat pty
/// pair), for the protocol tests.
///
/// It answers like the module: nothing is captured while the sensor's light is off, a capture
/// and an identification take about as long as the datasheet says, enrolment is EnrollStart and
/// three captures of the same finger, and a finger already enrolled elsewhere is refused as a
/// duplicate. A "finger" is an opaque id; a template matches a finger placed with the same id.
/// Faults can be injected: garbage before the next answer, corrupted checksums, silence, a poor
/// image. Serves on its own thread until `close()`.
public final class Gt521Emulator implements AutoCloseable {

    /// Line noise sent before an answer when garbage is injected: stray bytes and a false start.
    static final byte[] GARBAGE = {0x00, 0x55, 0x13, (byte) 0xAA, 0x55, 0x00, (byte) 0xFF};

    /// How long the emulated module takes to capture an image and to search its database.
    public record Timing(Duration capture, Duration identify) {

        /// Close to the GT-521F52 datasheet.
        public static final Timing DATASHEET = new Timing(Duration.ofMillis(300), Duration.ofMillis(150));
        public static final Timing INSTANT = new Timing(Duration.ZERO, Duration.ZERO);
    }

    /// The emulated module's configuration: line speed, database size (200 on an F32, 3000 on
    /// an F52) and timing.
    public record Settings(int baud, int capacity, Timing timing) {

        public static Settings f52(Timing timing) {
            return new Settings(Gt521Reader.DEFAULT_BAUD, 3000, timing);
        }
    }

    private record Finger(String id, boolean liftAfterCapture) {
    }

    private final Settings settings;
    private final Gt521Line line;
    private final Map<Integer, String> templates = new ConcurrentHashMap<>();
    private final AtomicReference<Finger> fingerOnSensor = new AtomicReference<>();
    private final AtomicBoolean garbageBeforeNextReply = new AtomicBoolean();
    private final AtomicInteger checksumsToCorrupt = new AtomicInteger();
    private final AtomicInteger poorImages = new AtomicInteger();
    private final Thread thread;
    private volatile boolean silent;
    private volatile boolean closed;
    private volatile boolean lightOn;

    // Module state, touched only by the serving thread.
    private String capturedFinger;
    private int enrollingId = -1;
    private int enrollStep;
    private String enrollingFinger;

    private Gt521Emulator(Settings settings, Gt521Line line, Map<Integer, String> enrolled) {
        this.settings = settings;
        this.line = line;
        this.templates.putAll(enrolled);
        this.thread = new Thread(this::serve, "gt521-emulator " + line.path());
        this.thread.setDaemon(true);
    }

    /// Opens `portPath` and answers on it.
    ///
    /// @param enrolled template id -> finger id of the templates already on the module
    public static Gt521Emulator start(String portPath, Settings settings, Map<Integer, String> enrolled) throws IOException {
        for (int id : enrolled.keySet()) {
            if (id < 0 || id >= settings.capacity()) {
                throw new IllegalArgumentException("template id " + id + " is outside the database");
            }
        }
        Gt521Emulator emulator = new Gt521Emulator(settings, Gt521Line.open(portPath, settings.baud()), enrolled);
        emulator.thread.start();
        return emulator;
    }

    /// Puts a finger on the sensor until lifted or replaced.
    public void placeFinger(String fingerId) {
        fingerOnSensor.set(new Finger(Objects.requireNonNull(fingerId), false));
    }

    /// Puts a finger on the sensor that is lifted once a capture has taken its image.
    public void touchFinger(String fingerId) {
        fingerOnSensor.set(new Finger(Objects.requireNonNull(fingerId), true));
    }

    public void liftFinger() {
        fingerOnSensor.set(null);
    }

    /// Whether the driver left the sensor's light on.
    public boolean lightOn() {
        return lightOn;
    }

    /// The templates on the module now: id -> finger id.
    public Map<Integer, String> templates() {
        return Map.copyOf(templates);
    }

    public void sendGarbageBeforeNextReply() {
        garbageBeforeNextReply.set(true);
    }

    public void corruptChecksums(int replies) {
        checksumsToCorrupt.set(replies);
    }

    /// The next `captures` captures give an image too poor to use (NACK_BAD_FINGER).
    public void givePoorImages(int captures) {
        poorImages.set(captures);
    }

    /// Stops answering, as a module that hangs or loses power while its adapter stays plugged.
    public void goSilent(boolean silence) {
        silent = silence;
    }

    private void serve() {
        while (!closed) {
            Gt521Packet command;
            try {
                command = line.read(System.nanoTime() + Duration.ofMillis(200).toNanos());
            } catch (Gt521ProtocolException e) {
                if (e.kind() == Gt521ProtocolException.Kind.DISCONNECTED) {
                    return;
                }
                if (e.kind() == Gt521ProtocolException.Kind.BAD_CHECKSUM && !silent) {
                    reply(Gt521Packet.nack(Gt521Error.COMMUNICATION_ERROR.code));
                }
                continue;
            }
            if (silent) {
                continue;
            }
            try {
                reply(answer(command));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void reply(Gt521Packet answer) {
        byte[] bytes = answer.encode();
        if (checksumsToCorrupt.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            bytes[10] ^= 0x5A;
        }
        try {
            if (garbageBeforeNextReply.getAndSet(false)) {
                line.write(GARBAGE);
            }
            line.write(bytes);
        } catch (Gt521ProtocolException e) {
            // The driver's end went away; the read loop notices.
        }
    }

    private Gt521Packet answer(Gt521Packet command) throws InterruptedException {
        Gt521Command kind = Gt521Command.of(command.code());
        if (kind == null) {
            return Gt521Packet.nack(Gt521Error.INVALID_PARAMETER.code);
        }
        int parameter = command.parameter();
        return switch (kind) {
            case OPEN, CLOSE -> Gt521Packet.ack(0);
            case CMOS_LED -> {
                lightOn = parameter != 0;
                yield Gt521Packet.ack(0);
            }
            case GET_ENROLL_COUNT -> Gt521Packet.ack(templates.size());
            case CHECK_ENROLLED -> !inDatabase(parameter) ? Gt521Packet.nack(Gt521Error.INVALID_POSITION.code)
                    : templates.containsKey(parameter) ? Gt521Packet.ack(0) : Gt521Packet.nack(Gt521Error.NOT_USED.code);
            case IS_PRESS_FINGER -> Gt521Packet.ack(lightOn && fingerOnSensor.get() != null ? 0 : 0x1012);
            case CAPTURE_FINGER -> capture();
            case IDENTIFY_1_N -> identify();
            case VERIFY_1_1 -> verify(parameter);
            case ENROLL_START -> enrollStart(parameter);
            case ENROLL_1, ENROLL_2, ENROLL_3 -> enroll(kind.ordinal() - Gt521Command.ENROLL_1.ordinal() + 1);
            case DELETE_ID -> templates.remove(parameter) != null ? Gt521Packet.ack(0) : Gt521Packet.nack(Gt521Error.INVALID_POSITION.code);
            case DELETE_ALL -> {
                if (templates.isEmpty()) {
                    yield Gt521Packet.nack(Gt521Error.DATABASE_EMPTY.code);
                }
                templates.clear();
                yield Gt521Packet.ack(0);
            }
        };
    }

    private boolean inDatabase(int id) {
        return id >= 0 && id < settings.capacity();
    }

    private Gt521Packet capture() throws InterruptedException {
        capturedFinger = null;
        Finger finger = fingerOnSensor.get();
        if (!lightOn || finger == null) {
            return Gt521Packet.nack(Gt521Error.FINGER_NOT_PRESSED.code);
        }
        Thread.sleep(settings.timing().capture());
        if (finger.liftAfterCapture()) {
            fingerOnSensor.compareAndSet(finger, null);
        }
        if (poorImages.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return Gt521Packet.nack(Gt521Error.BAD_FINGER.code);
        }
        capturedFinger = finger.id();
        return Gt521Packet.ack(0);
    }

    private Gt521Packet identify() throws InterruptedException {
        if (templates.isEmpty()) {
            return Gt521Packet.nack(Gt521Error.DATABASE_EMPTY.code);
        }
        if (capturedFinger == null) {
            return Gt521Packet.nack(Gt521Error.FINGER_NOT_PRESSED.code);
        }
        Thread.sleep(settings.timing().identify());
        return idOf(capturedFinger).map(Gt521Packet::ack).orElseGet(() -> Gt521Packet.nack(Gt521Error.IDENTIFY_FAILED.code));
    }

    private Gt521Packet verify(int id) {
        if (!inDatabase(id)) {
            return Gt521Packet.nack(Gt521Error.INVALID_POSITION.code);
        }
        String template = templates.get(id);
        if (template == null) {
            return Gt521Packet.nack(Gt521Error.NOT_USED.code);
        }
        if (capturedFinger == null) {
            return Gt521Packet.nack(Gt521Error.FINGER_NOT_PRESSED.code);
        }
        return template.equals(capturedFinger) ? Gt521Packet.ack(0) : Gt521Packet.nack(Gt521Error.VERIFY_FAILED.code);
    }

    private Gt521Packet enrollStart(int id) {
        if (!inDatabase(id)) {
            return Gt521Packet.nack(Gt521Error.INVALID_POSITION.code);
        }
        if (templates.containsKey(id)) {
            return Gt521Packet.nack(Gt521Error.ALREADY_USED.code);
        }
        if (templates.size() >= settings.capacity()) {
            return Gt521Packet.nack(Gt521Error.DATABASE_FULL.code);
        }
        enrollingId = id;
        enrollStep = 0;
        enrollingFinger = null;
        return Gt521Packet.ack(0);
    }

    private Gt521Packet enroll(int step) {
        if (enrollingId < 0 || step != enrollStep + 1) {
            return Gt521Packet.nack(Gt521Error.TURN_ERROR.code);
        }
        if (capturedFinger == null) {
            return Gt521Packet.nack(Gt521Error.BAD_FINGER.code);
        }
        if (enrollingFinger != null && !enrollingFinger.equals(capturedFinger)) {
            enrollingId = -1;
            return Gt521Packet.nack(Gt521Error.ENROLL_FAILED.code);
        }
        enrollingFinger = capturedFinger;
        capturedFinger = null;
        enrollStep = step;
        if (step < 3) {
            return Gt521Packet.ack(0);
        }
        int id = enrollingId;
        enrollingId = -1;
        var duplicate = idOf(enrollingFinger);
        if (duplicate.isPresent()) {
            // The module answers a duplicate with the id it duplicates in the NACK's parameter.
            return Gt521Packet.nack(duplicate.get());
        }
        templates.put(id, enrollingFinger);
        return Gt521Packet.ack(0);
    }

    private java.util.Optional<Integer> idOf(String fingerId) {
        return templates.entrySet().stream().filter(entry -> entry.getValue().equals(fingerId)).map(Map.Entry::getKey).sorted().findFirst();
    }

    @Override
    public void close() {
        closed = true;
        line.close();
        try {
            thread.join(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
