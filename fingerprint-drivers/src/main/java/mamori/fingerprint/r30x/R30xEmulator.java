package mamori.fingerprint.r30x;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/// The module's side of the R30x protocol, on the far end of a serial port (a socat pty pair),
/// for the demo and the protocol tests.
///
/// It answers like a real module: only on its address, nothing but VfyPwd until the password is
/// verified, captures taking about as long as the datasheets say, and a 1:N search over its
/// enrolled pages. A "finger" is an opaque id; a page matches a finger placed with the same id.
/// Faults can be injected: garbage before the next answer, corrupted checksums, silence.
/// Serves on its own thread until `close()`.
///
/// A pty moves bytes at once whatever its baud rate, so with [Timing#lineAtBaud()] the emulator
/// also takes the time the command and its answer would need on a real line (10 bits a byte).
/// It remembers when it was busy with modelled work ([#modelledTimeBetween(long, long)]), so a
/// benchmark can tell the module's and the line's share of a login from the software's.
public final class R30xEmulator implements AutoCloseable {

    /// The score a matching search reports (R30x modules report roughly 50..300 for a match).
    public static final int MATCH_SCORE = 150;
    /// Line noise sent before an answer when garbage is injected: stray start bytes and a start
    /// code followed by another address, which a decoder must skip.
    static final byte[] GARBAGE = {0x00, (byte) 0xEF, 0x13, (byte) 0xEF, (byte) 0xEF, 0x01, 0x12, 0x34, 0x56,
            0x78, 0x07, 0x00, 0x03, 0x00, (byte) 0xFF, 0x55, (byte) 0xAA};

    /// How long the emulated module takes for each step, and whether bytes take the time they
    /// would take on a serial line at the configured baud rate.
    public record Timing(Duration imageCapture, Duration featureExtraction, Duration search, boolean lineAtBaud) {

        /// Close to the R30x / R503 datasheets: capture under 0.5 s, search in a few hundred ms,
        /// bytes at the line's speed.
        public static final Timing DATASHEET = new Timing(Duration.ofMillis(200), Duration.ofMillis(100), Duration.ofMillis(200), true);
        /// For tests that are not about timing.
        public static final Timing INSTANT = new Timing(Duration.ZERO, Duration.ZERO, Duration.ZERO, false);

        public Timing {
            Objects.requireNonNull(imageCapture);
            Objects.requireNonNull(featureExtraction);
            Objects.requireNonNull(search);
        }
    }

    /// What the emulated module is configured with.
    public record Settings(int address, int password, int libraryCapacity, int baud, Timing timing) {

        /// Factory defaults of an R307: address FFFFFFFF, password 0, 1000 pages, 57,600 baud.
        public static Settings factoryDefaults(Timing timing) {
            return new Settings(R30xPacket.DEFAULT_ADDRESS, 0, 1000, R30xReader.DEFAULT_BAUD, timing);
        }

        public Settings withPassword(int newPassword) {
            return new Settings(address, newPassword, libraryCapacity, baud, timing);
        }
    }

    private final Settings settings;
    private final SerialLink link;
    private final R30xPacketDecoder decoder;
    private final NavigableMap<Integer, String> pages = new ConcurrentSkipListMap<>();
    private final Thread thread;
    private final AtomicBoolean garbageBeforeNextReply = new AtomicBoolean();
    private final AtomicInteger checksumsToCorrupt = new AtomicInteger();
    private final AtomicReference<Finger> fingerOnSensor = new AtomicReference<>();
    private final ModelledWork work = new ModelledWork();
    private final AtomicReference<CaptureFault> captureFault = new AtomicReference<>();
    private volatile boolean silent;
    private volatile boolean closed;
    private volatile boolean disconnected;

    // Module state, touched only by the serving thread.
    private boolean passwordVerified;
    private String imageBuffer;
    private R30xConfirmationCode extractionFault;
    private final String[] characterBuffers = new String[2];

    private R30xEmulator(Settings settings, SerialLink link, Map<Integer, String> enrolledPages) {
        this.settings = settings;
        this.link = link;
        this.decoder = new R30xPacketDecoder(link, settings.address());
        this.pages.putAll(enrolledPages);
        this.thread = new Thread(this::serve, "r30x-emulator " + link.path());
        this.thread.setDaemon(true);
    }

    /// Opens `portPath` and starts answering on it.
    ///
    /// @param enrolledPages page id -> finger id of the templates already on the module
    public static R30xEmulator start(String portPath, Settings settings, Map<Integer, String> enrolledPages)
            throws IOException {
        for (int page : enrolledPages.keySet()) {
            if (page < 0 || page >= settings.libraryCapacity()) {
                throw new IllegalArgumentException("page " + page + " is outside the library");
            }
        }
        R30xEmulator emulator = new R30xEmulator(settings, SerialLink.open(portPath, settings.baud()), enrolledPages);
        emulator.thread.start();
        return emulator;
    }

    /// Puts a finger on the sensor; it stays there until lifted or replaced.
    public void placeFinger(String fingerId) {
        fingerOnSensor.set(new Finger(Objects.requireNonNull(fingerId), false));
    }

    /// Puts a finger on the sensor that is lifted as soon as a capture has taken its image, as a
    /// person lifts a finger once the reader has read it (the demo panel's "place finger").
    public void touchFinger(String fingerId) {
        fingerOnSensor.set(new Finger(Objects.requireNonNull(fingerId), true));
    }

    public void liftFinger() {
        fingerOnSensor.set(null);
    }

    /// How long, between two `System.nanoTime()` readings, the emulator spent on modelled work:
    /// the module's captures, feature extractions and searches, and bytes on the line. Work that
    /// started before `fromNanos` or ended after `toNanos` counts only inside the interval.
    public ModelledTime modelledTimeBetween(long fromNanos, long toNanos) {
        return work.between(fromNanos, toNanos);
    }

    /// The modelled share of an interval: the module's own processing and the serial transfer.
    public record ModelledTime(Duration moduleWork, Duration lineTransfer) {

        public Duration total() {
            return moduleWork.plus(lineTransfer);
        }
    }

    /// The next answer is preceded by line garbage.
    public void sendGarbageBeforeNextReply() {
        garbageBeforeNextReply.set(true);
    }

    /// The next `count` answers go out with a wrong checksum.
    public void corruptNextChecksums(int count) {
        checksumsToCorrupt.set(count);
    }

    /// The `nth` capture from now that finds a finger on the sensor is a poor one: with
    /// `IMAGE_FAILED` GenImg fails; with another code (`IMAGE_TOO_MESSY`, `TOO_FEW_FEATURES`,
    /// `INVALID_IMAGE`) the image is taken and the Img2Tz after it answers that code.
    public void failCapture(int nth, R30xConfirmationCode code) {
        if (nth < 1) {
            throw new IllegalArgumentException("captures are counted from 1");
        }
        captureFault.set(new CaptureFault(new AtomicInteger(nth), Objects.requireNonNull(code)));
    }

    /// A silent module reads commands and answers nothing, like one whose firmware hung.
    public void setSilent(boolean silent) {
        this.silent = silent;
    }

    /// The templates on the module now: page id -> finger id.
    public Map<Integer, String> enrolledPages() {
        return Map.copyOf(pages);
    }

    /// Whether the serial line was lost (the pty pair went away) while serving.
    public boolean isDisconnected() {
        return disconnected;
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        link.close();
        try {
            thread.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void serve() {
        while (!closed) {
            try {
                R30xPacket command = decoder.read(Duration.ofMillis(250));
                if (!silent) {
                    answer(command);
                }
            } catch (R30xProtocolException e) {
                switch (e.kind()) {
                    case TIMEOUT, WRONG_ADDRESS -> {
                        // Idle line, or a packet for another module on the bus: stay quiet.
                    }
                    case BAD_CHECKSUM, BAD_LENGTH, BAD_PACKET_ID -> replyUnlessSilent(R30xConfirmationCode.PACKET_ERROR);
                    case DISCONNECTED -> {
                        disconnected = !closed;
                        return;
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void replyUnlessSilent(R30xConfirmationCode code) {
        if (!silent) {
            reply(code);
        }
    }

    private void answer(R30xPacket packet) throws InterruptedException {
        byte[] payload = packet.payload();
        transferOnLine(R30xPacket.HEADER_BYTES + payload.length + R30xPacket.CHECKSUM_BYTES);
        var command = R30xCommand.of(payload[0] & 0xFF);
        if (packet.type() != R30xPacket.Type.COMMAND || command.isEmpty()) {
            reply(R30xConfirmationCode.PACKET_ERROR);
            return;
        }
        if (command.get() != R30xCommand.VFY_PWD && !passwordVerified) {
            reply(R30xConfirmationCode.PASSWORD_NOT_VERIFIED);
            return;
        }
        switch (command.get()) {
            case VFY_PWD -> verifyPassword(payload);
            case GEN_IMG -> captureImage();
            case IMG_2_TZ -> extractFeatures(payload);
            case SEARCH -> search(payload);
            case REG_MODEL -> registerModel();
            case STORE -> store(payload);
            case DELETE -> delete(payload);
            case EMPTY -> {
                pages.clear();
                reply(R30xConfirmationCode.OK);
            }
            case READ_SYS_PARA -> readSystemParameters();
            case TEMPLATE_NUM -> {
                byte[] count = new byte[2];
                R30xPacket.putU16(count, 0, pages.size());
                reply(R30xConfirmationCode.OK, count);
            }
        }
    }

    private void verifyPassword(byte[] payload) {
        if (payload.length != 5) {
            reply(R30xConfirmationCode.PACKET_ERROR);
            return;
        }
        passwordVerified = R30xPacket.u32(payload, 1) == settings.password();
        reply(passwordVerified ? R30xConfirmationCode.OK : R30xConfirmationCode.WRONG_PASSWORD);
    }

    private void captureImage() throws InterruptedException {
        moduleWork(settings.timing().imageCapture());
        Finger finger = fingerOnSensor.get();
        if (finger == null) {
            reply(R30xConfirmationCode.NO_FINGER);
            return;
        }
        if (finger.liftAfterCapture()) {
            fingerOnSensor.compareAndSet(finger, null);
        }
        CaptureFault fault = captureFault.get();
        if (fault != null && fault.capturesLeft().decrementAndGet() == 0) {
            captureFault.compareAndSet(fault, null);
            if (fault.code() == R30xConfirmationCode.IMAGE_FAILED) {
                imageBuffer = null;
                reply(R30xConfirmationCode.IMAGE_FAILED);
                return;
            }
            extractionFault = fault.code();
        }
        imageBuffer = finger.id();
        reply(R30xConfirmationCode.OK);
    }

    private void extractFeatures(byte[] payload) throws InterruptedException {
        moduleWork(settings.timing().featureExtraction());
        int buffer = payload.length == 2 ? payload[1] : 0;
        if (buffer != 1 && buffer != 2) {
            reply(R30xConfirmationCode.PACKET_ERROR);
            return;
        }
        if (imageBuffer == null) {
            reply(R30xConfirmationCode.INVALID_IMAGE);
            return;
        }
        if (extractionFault != null) {
            R30xConfirmationCode poor = extractionFault;
            extractionFault = null;
            characterBuffers[buffer - 1] = null;
            reply(poor);
            return;
        }
        characterBuffers[buffer - 1] = imageBuffer;
        reply(R30xConfirmationCode.OK);
    }

    private void search(byte[] payload) throws InterruptedException {
        moduleWork(settings.timing().search());
        int buffer = payload.length == 6 ? payload[1] : 0;
        if (buffer != 1 && buffer != 2) {
            reply(R30xConfirmationCode.PACKET_ERROR);
            return;
        }
        int first = R30xPacket.u16(payload, 2);
        int count = R30xPacket.u16(payload, 4);
        String finger = characterBuffers[buffer - 1];
        int end = Math.min(first + count, settings.libraryCapacity());
        if (finger != null && first < end) {
            for (var page : pages.subMap(first, true, end, false).entrySet()) {
                if (page.getValue().equals(finger)) {
                    byte[] found = new byte[4];
                    R30xPacket.putU16(found, 0, page.getKey());
                    R30xPacket.putU16(found, 2, MATCH_SCORE);
                    reply(R30xConfirmationCode.OK, found);
                    return;
                }
            }
        }
        reply(R30xConfirmationCode.NOT_FOUND, new byte[4]);
    }

    private void registerModel() {
        String first = characterBuffers[0];
        if (first == null || !first.equals(characterBuffers[1])) {
            reply(R30xConfirmationCode.ENROL_MISMATCH);
            return;
        }
        reply(R30xConfirmationCode.OK);
    }

    private void store(byte[] payload) {
        if (payload.length != 4 || (payload[1] != 1 && payload[1] != 2)) {
            reply(R30xConfirmationCode.PACKET_ERROR);
            return;
        }
        int page = R30xPacket.u16(payload, 2);
        String finger = characterBuffers[payload[1] - 1];
        if (page >= settings.libraryCapacity()) {
            reply(R30xConfirmationCode.BAD_PAGE);
        } else if (finger == null) {
            reply(R30xConfirmationCode.PACKET_ERROR);
        } else {
            pages.put(page, finger);
            reply(R30xConfirmationCode.OK);
        }
    }

    private void delete(byte[] payload) {
        if (payload.length != 5) {
            reply(R30xConfirmationCode.PACKET_ERROR);
            return;
        }
        int first = R30xPacket.u16(payload, 1);
        int count = R30xPacket.u16(payload, 3);
        if (first + count > settings.libraryCapacity()) {
            reply(R30xConfirmationCode.BAD_PAGE);
            return;
        }
        pages.subMap(first, first + count).clear();
        reply(R30xConfirmationCode.OK);
    }

    /// The 16-byte block of ReadSysPara: status register, system id, library size, security
    /// level, address, packet size code (2 = 128 bytes), baud rate as a multiple of 9,600.
    private void readSystemParameters() {
        byte[] block = new byte[16];
        R30xPacket.putU16(block, 0, 0);
        R30xPacket.putU16(block, 2, 0x0009);
        R30xPacket.putU16(block, 4, settings.libraryCapacity());
        R30xPacket.putU16(block, 6, 3);
        R30xPacket.putU32(block, 8, settings.address());
        R30xPacket.putU16(block, 12, 2);
        R30xPacket.putU16(block, 14, settings.baud() / 9600);
        reply(R30xConfirmationCode.OK, block);
    }

    private void reply(R30xConfirmationCode code, byte... data) {
        byte[] wire = R30xPacket.ack(settings.address(), code.code(), data).encode();
        if (checksumsToCorrupt.getAndUpdate(left -> Math.max(0, left - 1)) > 0) {
            wire[wire.length - 1] ^= 0x5A;
        }
        try {
            transferOnLine(wire.length);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        try {
            if (garbageBeforeNextReply.getAndSet(false)) {
                link.write(GARBAGE);
            }
            link.write(wire);
        } catch (R30xProtocolException e) {
            // The line is gone; the next read sees it and stops the serving thread.
        }
    }

    private void moduleWork(Duration duration) throws InterruptedException {
        if (duration.isPositive()) {
            long started = System.nanoTime();
            Thread.sleep(duration);
            work.record(started, System.nanoTime(), false);
        }
    }

    /// Takes the time `bytes` need on the line: start bit, 8 data bits, stop bit each.
    private void transferOnLine(int bytes) throws InterruptedException {
        if (settings.timing().lineAtBaud()) {
            long started = System.nanoTime();
            Thread.sleep(Duration.ofNanos(bytes * 10L * 1_000_000_000L / settings.baud()));
            work.record(started, System.nanoTime(), true);
        }
    }

    private record Finger(String id, boolean liftAfterCapture) {
    }

    private record CaptureFault(AtomicInteger capturesLeft, R30xConfirmationCode code) {
    }

    /// The last stretches of modelled work, as `System.nanoTime()` intervals; bounded, so an
    /// emulator left running for days keeps only the recent past.
    private static final class ModelledWork {

        private static final int KEPT = 512;

        private record Stretch(long start, long end, boolean line) {
        }

        private final Deque<Stretch> stretches = new ArrayDeque<>();

        synchronized void record(long start, long end, boolean line) {
            if (stretches.size() == KEPT) {
                stretches.removeFirst();
            }
            stretches.addLast(new Stretch(start, end, line));
        }

        synchronized ModelledTime between(long from, long to) {
            long module = 0;
            long line = 0;
            for (Stretch stretch : stretches) {
                long overlap = Math.min(stretch.end(), to) - Math.max(stretch.start(), from);
                if (overlap > 0) {
                    if (stretch.line()) {
                        line += overlap;
                    } else {
                        module += overlap;
                    }
                }
            }
            return new ModelledTime(Duration.ofNanos(module), Duration.ofNanos(line));
        }
    }
}
