package mamori.fingerprint.r30x;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import mamori.fingerprint.CaptureProblem;
import mamori.fingerprint.Deletion;
import mamori.fingerprint.Enrolment;
import mamori.fingerprint.EnrolmentListener;
import mamori.fingerprint.EnrolmentStep;
import mamori.fingerprint.FingerprintReader;
import mamori.fingerprint.Identification;
import mamori.fingerprint.PortReopening;
import mamori.fingerprint.r30x.R30xProtocolException.Kind;

/// Driver for an R30x / R503 / AS608 / ZFM fingerprint module on a serial port.
///
/// `open()` verifies the module's password (VfyPwd) and reads its library size (ReadSysPara).
/// `identify` polls GenImg until a finger is on the sensor, then runs Img2Tz into buffer 1 and a
/// 1:N Search over the whole library; templates never leave the module. Every exchange is bounded
/// by the caller's deadline, and `close()` may be called at any time from any thread.
///
/// A module that was never opened, or whose line went away (the USB adapter was pulled), is
/// opened again by `identify`, retried within the caller's timeout: when the device comes back
/// under the same name (a udev symlink such as `/dev/mamori-fingerprint`), the reader answers again.
public final class R30xReader implements FingerprintReader {

    public static final int DEFAULT_BAUD = 57_600;
    public static final int DEFAULT_PASSWORD = 0;

    /// A module should answer any command but a capture within this (datasheet: under 1 s); also
    /// the bound of the feature extraction and search that follow a capture.
    private static final Duration OPEN_REPLY_TIMEOUT = Duration.ofSeconds(2);
    /// Pause between GenImg polls while no finger is on the sensor, so the UART is not saturated.
    private static final Duration FINGER_POLL_INTERVAL = Duration.ofMillis(30);
    /// Pause between attempts to open a port that is not there (yet), within one `identify`.
    private static final int CHARACTER_BUFFER_1 = 1;
    private static final int CHARACTER_BUFFER_2 = 2;
    /// An enrolment combines two captures (RegModel merges character buffers 1 and 2).
    private static final int ENROLMENT_CAPTURES = 2;
    /// A capture rejected this often in a row ends the enrolment: the finger or sensor needs care.
    private static final int ATTEMPTS_PER_CAPTURE = 3;

    private final String portPath;
    private final int baud;
    private final int address;
    private final int password;
    private final String readerId;
    private final ReentrantLock exchangeLock = new ReentrantLock();

    private volatile SerialLink link;
    private volatile boolean closed;
    private R30xPacketDecoder decoder;
    private int libraryCapacity;

    /// @param portPath serial device, e.g. `/dev/ttyUSB0` or a pty link
    /// @param address the module address (factory default [R30xPacket#DEFAULT_ADDRESS])
    /// @param password the module's handshake password (factory default 0)
    public R30xReader(String portPath, int baud, int address, int password, String readerId) {
        this.portPath = portPath;
        this.baud = baud;
        this.address = address;
        this.password = password;
        this.readerId = readerId;
    }

    /// Opens the port, verifies the password and reads the library size.
    ///
    /// @throws IOException with a message an installer can act on: no such port, no answer,
    ///     wrong password, or another module address.
    public void open() throws IOException, InterruptedException {
        exchangeLock.lock();
        try {
            if (closed) {
                throw new IOException("The fingerprint reader " + readerId + " is closed");
            }
            if (link != null) {
                return;
            }
            connect(Long.MAX_VALUE);
        } finally {
            exchangeLock.unlock();
        }
    }

    /// Opens the port and shakes hands, each answer awaited until the earlier of `deadline` and
    /// the usual reply timeout. Caller holds `exchangeLock`.
    private void connect(long deadline) throws IOException, InterruptedException {
        SerialLink opened = SerialLink.open(portPath, baud);
        link = opened;
        decoder = new R30xPacketDecoder(opened, address);
        try {
            handshake(deadline);
        } catch (IOException | InterruptedException | RuntimeException e) {
            link = null;
            opened.close();
            throw e;
        }
    }

    private static long replyDeadline(long callerDeadline) {
        return Math.min(callerDeadline, System.nanoTime() + OPEN_REPLY_TIMEOUT.toNanos());
    }

    private void handshake(long callerDeadline) throws IOException, InterruptedException {
        long deadline = replyDeadline(callerDeadline);
        byte[] passwordBytes = new byte[4];
        R30xPacket.putU32(passwordBytes, 0, password);
        R30xAck verified = exchangeForOpen(R30xCommand.VFY_PWD, deadline, passwordBytes);
        if (verified.code() != R30xConfirmationCode.OK) {
            throw new IOException("Fingerprint module on %s refused the password: %s (code 0x%02X)"
                    .formatted(portPath, verified.message(), verified.rawCode()));
        }
        deadline = replyDeadline(callerDeadline);
        R30xAck parameters = exchangeForOpen(R30xCommand.READ_SYS_PARA, deadline);
        if (parameters.code() != R30xConfirmationCode.OK) {
            throw new IOException("Fingerprint module on %s could not report its parameters: %s"
                    .formatted(portPath, parameters.message()));
        }
        // System parameters: status, system id, library size, security level, address, ...
        try {
            libraryCapacity = parameters.dataU16(4);
        } catch (R30xProtocolException e) {
            throw new IOException("Fingerprint module on %s sent short system parameters".formatted(portPath), e);
        }
    }

    private R30xAck exchangeForOpen(R30xCommand command, long deadline, byte... parameters)
            throws IOException, InterruptedException {
        try {
            return exchange(command, deadline, parameters);
        } catch (R30xProtocolException e) {
            String reason = e.kind() == Kind.TIMEOUT
                    ? "no answer (is a module connected, at %d baud?)".formatted(baud)
                    : e.getMessage();
            throw new IOException("Fingerprint module on %s: %s".formatted(portPath, reason), e);
        }
    }

    @Override
    public String readerId() {
        return readerId;
    }

    @Override
    public String model() {
        return "R30x-family fingerprint module on " + portPath;
    }

    /// The number of template pages the module reported at `open()`.
    public int libraryCapacity() {
        return libraryCapacity;
    }

    @Override
    public int templateCapacity() {
        return libraryCapacity;
    }

    @Override
    public Identification identify(Duration timeout) throws InterruptedException {
        return searchWithin(timeout, 0, -1);
    }

    /// 1:1: a Search of the captured finger over the one page `templateId`.
    @Override
    public Identification verify(int templateId, Duration timeout) throws InterruptedException {
        if (templateId < 0) {
            return new Identification.ReaderFault("No template id " + templateId);
        }
        return searchWithin(timeout, templateId, 1);
    }

    /// `count` -1: the whole library.
    private Identification searchWithin(Duration timeout, int first, int count) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        return guarded(timeout, Identification.ReaderFault::new, () -> identifyUntil(deadline, first, count));
    }

    @Override
    public Enrolment enrol(int templateId, EnrolmentListener listener, Duration perCaptureTimeout) throws InterruptedException {
        return guarded(perCaptureTimeout, Enrolment.ReaderFault::new, () -> {
            if (templateId < 0 || templateId >= libraryCapacity) {
                return new Enrolment.LibraryFull(templateId, libraryCapacity);
            }
            return enrolAt(templateId, listener, perCaptureTimeout);
        });
    }

    @Override
    public Deletion delete(int templateId) throws InterruptedException {
        return guarded(OPEN_REPLY_TIMEOUT, message -> new Deletion.Failed(templateId, message), () -> {
            byte[] pages = new byte[4];
            R30xPacket.putU16(pages, 0, templateId);
            R30xPacket.putU16(pages, 2, 1);
            R30xAck deleted = exchange(R30xCommand.DELETE, replyDeadline(Long.MAX_VALUE), pages);
            return deleted.code() == R30xConfirmationCode.OK ? new Deletion.Deleted(templateId)
                    : new Deletion.Failed(templateId, "%s (code 0x%02X after %s)".formatted(deleted.message(), deleted.rawCode(), R30xCommand.DELETE));
        });
    }

    @FunctionalInterface
    private interface Exchanges<T> {
        T run() throws R30xProtocolException, InterruptedException;
    }

    /// Runs `work` holding the line: waits up to `wait` for another request to finish, opens the
    /// port again if it went away, and turns protocol failures into `fault(message)`.
    private <T> T guarded(Duration wait, java.util.function.Function<String, T> fault, Exchanges<T> work) throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, wait.toNanos());
        if (!exchangeLock.tryLock(wait.toNanos(), TimeUnit.NANOSECONDS)) {
            return fault.apply("The fingerprint reader is busy with another request");
        }
        try {
            if (closed) {
                return fault.apply("The fingerprint reader is closed");
            }
            if (link == null) {
                Optional<String> problem = PortReopening.until(deadline, this::connect, () -> closed);
                if (problem.isPresent()) {
                    return fault.apply(problem.get());
                }
            }
            return work.run();
        } catch (R30xProtocolException e) {
            if (e.kind() == Kind.DISCONNECTED) {
                dropLink();
            }
            return fault.apply(closed ? "The fingerprint reader is closed" : describe(e));
        } finally {
            exchangeLock.unlock();
        }
    }

    /// Forgets a line that went away, so the next `identify` opens the port again.
    private void dropLink() {
        SerialLink lost = link;
        link = null;
        if (lost != null) {
            lost.close();
        }
    }

    private Identification identifyUntil(long deadline, int first, int count) throws R30xProtocolException, InterruptedException {
        long lastCaptureNanos = 0;
        while (true) {
            long sent = System.nanoTime();
            R30xAck image = exchange(R30xCommand.GEN_IMG, deadline);
            lastCaptureNanos = System.nanoTime() - sent;
            if (image.code() == R30xConfirmationCode.OK) {
                break;
            }
            if (image.code() != R30xConfirmationCode.NO_FINGER) {
                return fault(R30xCommand.GEN_IMG, image);
            }
            // Do not start a capture that cannot finish before the deadline: it would end in a
            // timeout, which means a lost module, when the truth is that no finger came.
            long remaining = deadline - System.nanoTime();
            if (remaining <= lastCaptureNanos + FINGER_POLL_INTERVAL.toNanos()) {
                return new Identification.NoFinger();
            }
            Thread.sleep(FINGER_POLL_INTERVAL);
        }
        // The caller's timeout is the wait for a finger. Once an image is taken, the finger may
        // already be lifted: the identification finishes on its own bounded deadlines, or the
        // person's touch would be lost to a timeout they could not see.
        R30xAck features = exchange(R30xCommand.IMG_2_TZ, replyDeadline(Long.MAX_VALUE), (byte) CHARACTER_BUFFER_1);
        if (features.code() != R30xConfirmationCode.OK) {
            return fault(R30xCommand.IMG_2_TZ, features);
        }
        return searchBuffer(CHARACTER_BUFFER_1, first, count < 0 ? libraryCapacity : count);
    }

    /// The module's enrolment sequence: for each of the two captures GenImg until a finger is on,
    /// Img2Tz into buffer 1 then 2 (a poor image is rejected and the finger placed again); after
    /// the first, a Search (one finger, one template) and GenImg until it answers "no finger"
    /// (lifted); then RegModel and Store at the page.
    private Enrolment enrolAt(int templateId, EnrolmentListener listener, Duration perCapture)
            throws R30xProtocolException, InterruptedException {
        for (int capture = 1; capture <= ENROLMENT_CAPTURES; capture++) {
            if (capture > 1) {
                listener.step(new EnrolmentStep.LiftFinger());
                if (!waitForLift(System.nanoTime() + perCapture.toNanos())) {
                    return new Enrolment.FingerNotLifted();
                }
            }
            CaptureProblem last = null;
            boolean taken = false;
            for (int attempt = 1; attempt <= ATTEMPTS_PER_CAPTURE && !taken; attempt++) {
                if (attempt > 1 && !waitForLift(System.nanoTime() + perCapture.toNanos())) {
                    return new Enrolment.FingerNotLifted();
                }
                listener.step(new EnrolmentStep.PlaceFinger(capture, ENROLMENT_CAPTURES, attempt > 1));
                CaptureOutcome outcome = captureInto(capture == 1 ? CHARACTER_BUFFER_1 : CHARACTER_BUFFER_2,
                        System.nanoTime() + perCapture.toNanos());
                switch (outcome) {
                    case CaptureOutcome.Taken _ -> taken = true;
                    case CaptureOutcome.Rejected rejected -> {
                        last = rejected.problem();
                        listener.step(new EnrolmentStep.CaptureRejected(capture, last));
                    }
                    case CaptureOutcome.NoFinger _ -> {
                        return new Enrolment.NoFinger(capture);
                    }
                    case CaptureOutcome.Fault fault -> {
                        return new Enrolment.ReaderFault(fault.message());
                    }
                }
            }
            if (!taken) {
                return new Enrolment.TooManyPoorCaptures(capture, last);
            }
            listener.step(new EnrolmentStep.CaptureTaken(capture));
            if (capture == 1) {
                Identification known = searchBuffer(CHARACTER_BUFFER_1, 0, libraryCapacity);
                switch (known) {
                    case Identification.Matched matched -> {
                        return new Enrolment.AlreadyEnrolled(matched.templateId());
                    }
                    case Identification.ReaderFault fault -> {
                        return new Enrolment.ReaderFault(fault.message());
                    }
                    case Identification.NotRecognised _, Identification.NoFinger _ -> {
                    }
                }
            }
        }
        R30xAck model = exchange(R30xCommand.REG_MODEL, replyDeadline(Long.MAX_VALUE));
        if (model.code() == R30xConfirmationCode.ENROL_MISMATCH) {
            return new Enrolment.CapturesMismatch();
        }
        if (model.code() != R30xConfirmationCode.OK) {
            return enrolmentFault(R30xCommand.REG_MODEL, model);
        }
        byte[] store = new byte[3];
        store[0] = CHARACTER_BUFFER_1;
        R30xPacket.putU16(store, 1, templateId);
        R30xAck stored = exchange(R30xCommand.STORE, replyDeadline(Long.MAX_VALUE), store);
        return switch (stored.code()) {
            case OK -> new Enrolment.Stored(templateId);
            case BAD_PAGE -> new Enrolment.LibraryFull(templateId, libraryCapacity);
            default -> enrolmentFault(R30xCommand.STORE, stored);
        };
    }

    private sealed interface CaptureOutcome {
        record Taken() implements CaptureOutcome {
        }

        record Rejected(CaptureProblem problem) implements CaptureOutcome {
        }

        record NoFinger() implements CaptureOutcome {
        }

        record Fault(String message) implements CaptureOutcome {
        }
    }

    /// GenImg until a finger is on (or `deadline`), then Img2Tz into `buffer`.
    private CaptureOutcome captureInto(int buffer, long deadline) throws R30xProtocolException, InterruptedException {
        while (true) {
            // Each GenImg on the module's reply bound, the loop on the person's deadline: a capture
            // still running at the deadline is not a lost module.
            R30xAck image = exchange(R30xCommand.GEN_IMG, replyDeadline(Long.MAX_VALUE));
            if (image.code() == R30xConfirmationCode.OK) {
                break;
            }
            if (image.code() == R30xConfirmationCode.IMAGE_FAILED) {
                return new CaptureOutcome.Rejected(CaptureProblem.POOR_IMAGE);
            }
            if (image.code() != R30xConfirmationCode.NO_FINGER) {
                return new CaptureOutcome.Fault(fault(R30xCommand.GEN_IMG, image).message());
            }
            if (deadline - System.nanoTime() <= FINGER_POLL_INTERVAL.toNanos()) {
                return new CaptureOutcome.NoFinger();
            }
            Thread.sleep(FINGER_POLL_INTERVAL);
        }
        R30xAck features = exchange(R30xCommand.IMG_2_TZ, replyDeadline(Long.MAX_VALUE), (byte) buffer);
        return switch (features.code()) {
            case OK -> new CaptureOutcome.Taken();
            case IMAGE_TOO_MESSY, INVALID_IMAGE -> new CaptureOutcome.Rejected(CaptureProblem.POOR_IMAGE);
            case TOO_FEW_FEATURES -> new CaptureOutcome.Rejected(CaptureProblem.TOO_FEW_FEATURES);
            default -> new CaptureOutcome.Fault(fault(R30xCommand.IMG_2_TZ, features).message());
        };
    }

    /// GenImg until the module answers "no finger"; false if the finger is still on at `deadline`.
    private boolean waitForLift(long deadline) throws R30xProtocolException, InterruptedException {
        while (true) {
            R30xAck image = exchange(R30xCommand.GEN_IMG, replyDeadline(Long.MAX_VALUE));
            if (image.code() == R30xConfirmationCode.NO_FINGER) {
                return true;
            }
            if (deadline - System.nanoTime() <= FINGER_POLL_INTERVAL.toNanos()) {
                return false;
            }
            Thread.sleep(FINGER_POLL_INTERVAL);
        }
    }

    private Identification searchBuffer(int buffer, int first, int count) throws R30xProtocolException, InterruptedException {
        byte[] search = new byte[5];
        search[0] = (byte) buffer;
        R30xPacket.putU16(search, 1, first);
        R30xPacket.putU16(search, 3, count);
        R30xAck found = exchange(R30xCommand.SEARCH, replyDeadline(Long.MAX_VALUE), search);
        return switch (found.code()) {
            case OK -> new Identification.Matched(found.dataU16(0), found.dataU16(2));
            case NOT_FOUND, NO_MATCH -> new Identification.NotRecognised();
            default -> fault(R30xCommand.SEARCH, found);
        };
    }

    private static Enrolment enrolmentFault(R30xCommand command, R30xAck ack) {
        return new Enrolment.ReaderFault("%s (code 0x%02X after %s)".formatted(ack.message(), ack.rawCode(), command));
    }

    private static Identification.ReaderFault fault(R30xCommand command, R30xAck ack) {
        return new Identification.ReaderFault("%s (code 0x%02X after %s)".formatted(ack.message(), ack.rawCode(), command));
    }

    private static String describe(R30xProtocolException e) {
        return switch (e.kind()) {
            case TIMEOUT -> "The fingerprint reader did not answer in time";
            case DISCONNECTED -> "The fingerprint reader is disconnected";
            case WRONG_ADDRESS -> "A fingerprint module with another address answered: " + e.getMessage();
            case BAD_CHECKSUM, BAD_LENGTH, BAD_PACKET_ID -> "Garbled answers from the fingerprint reader: " + e.getMessage();
        };
    }

    /// Sends one command and reads its acknowledgement. Line noise (a garbled answer, or the module
    /// reporting it received a garbled command) is retried once; everything else is returned or
    /// thrown as it is. Caller holds `exchangeLock`.
    private R30xAck exchange(R30xCommand command, long deadline, byte... parameters)
            throws R30xProtocolException, InterruptedException {
        byte[] wire = R30xPacket.command(address, command, parameters).encode();
        for (int attempt = 1; ; attempt++) {
            boolean lastAttempt = attempt == 2;
            SerialLink current = link;
            if (current == null || closed) {
                throw new R30xProtocolException(Kind.DISCONNECTED, "The fingerprint reader is closed");
            }
            // A late answer to an earlier command must not be taken for this one's.
            current.discardInput();
            decoder.discardBuffered();
            current.write(wire);
            R30xAck ack;
            try {
                ack = R30xAck.from(decoder.read(Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));
            } catch (R30xProtocolException e) {
                if (lastAttempt || !e.kind().isLineNoise()) {
                    throw e;
                }
                continue;
            }
            if (ack.code() == R30xConfirmationCode.PACKET_ERROR && !lastAttempt) {
                continue;
            }
            return ack;
        }
    }

    /// Closes the port; a call in progress on another thread ends promptly with a `ReaderFault`.
    @Override
    public void close() {
        closed = true;
        SerialLink current = link;
        if (current != null) {
            current.close();
        }
    }
}
