package mamori.fingerprint.gt521;

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
import mamori.fingerprint.gt521.Gt521ProtocolException.Kind;

/// Driver for an ADH-Tech GT-521F32 / GT-521F52 fingerprint module on a serial port.
///
/// `open()` sends Open and reads the number of enrolled templates. `identify` switches the
/// sensor's light on (the module captures nothing in the dark), polls IsPressFinger until a
/// finger is on the sensor, captures it and runs the module's 1:N Identify; the light goes off
/// again afterwards. Templates never leave the module. Every exchange is bounded by the caller's
/// deadline and the module's usual reply time, and `close()` may be called at any time.
///
/// A module that was never opened, or whose line went away, is opened again by `identify` within
/// the caller's timeout, so an adapter plugged back in under the same udev name answers again.
public final class Gt521Reader implements FingerprintReader {

    /// The modules' factory baud rate.
    public static final int DEFAULT_BAUD = 9_600;

    /// Any answer but a capture's or a search's comes well within this (datasheet: tens of ms).
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(1);
    /// CaptureFinger and Identify1_N on a full F52 database take up to about a second.
    private static final Duration WORK_TIMEOUT = Duration.ofSeconds(3);
    private static final Duration FINGER_POLL_INTERVAL = Duration.ofMillis(30);
    /// CaptureFinger's parameter: 0 takes a fast image, good enough for identification; enrolment
    /// asks for the slower, better one.
    private static final int FAST_IMAGE = 0;
    private static final int BEST_IMAGE = 1;
    /// The module combines three captures into a template (Enroll1..3).
    private static final int ENROLMENT_CAPTURES = 3;
    private static final int ATTEMPTS_PER_CAPTURE = 3;
    /// Template ids valid on both models (the F32 holds 200, the F52 3,000).
    public static final int TEMPLATE_CAPACITY = 200;

    private final String portPath;
    private final int baud;
    private final String readerId;
    private final ReentrantLock exchangeLock = new ReentrantLock();

    private volatile Gt521Line line;
    private volatile boolean closed;
    private int enrolledCount;

    public Gt521Reader(String portPath, int baud, String readerId) {
        this.portPath = portPath;
        this.baud = baud;
        this.readerId = readerId;
    }

    /// Opens the port and the module and reads how many templates it holds.
    ///
    /// @throws IOException with a message an installer can act on: no such port, or no answer
    public void open() throws IOException, InterruptedException {
        exchangeLock.lock();
        try {
            if (closed) {
                throw new IOException("The fingerprint reader " + readerId + " is closed");
            }
            if (line == null) {
                connect(Long.MAX_VALUE);
            }
        } finally {
            exchangeLock.unlock();
        }
    }

    private void connect(long callerDeadline) throws IOException {
        Gt521Line opened = Gt521Line.open(portPath, baud);
        line = opened;
        try {
            Gt521Packet open = exchange(Gt521Command.OPEN, 0, replyDeadline(callerDeadline));
            if (!open.isAck()) {
                throw new IOException("Fingerprint module on %s refused Open: %s".formatted(portPath, Gt521Error.of(open.parameter()).message));
            }
            Gt521Packet count = exchange(Gt521Command.GET_ENROLL_COUNT, 0, replyDeadline(callerDeadline));
            enrolledCount = count.isAck() ? count.parameter() : 0;
        } catch (Gt521ProtocolException e) {
            line = null;
            opened.close();
            String reason = e.kind() == Kind.TIMEOUT ? "no answer (is a GT-521 module connected, at %d baud?)".formatted(baud) : e.getMessage();
            throw new IOException("Fingerprint module on %s: %s".formatted(portPath, reason), e);
        } catch (IOException | RuntimeException e) {
            line = null;
            opened.close();
            throw e;
        }
    }

    private static long replyDeadline(long callerDeadline) {
        return Math.min(callerDeadline, System.nanoTime() + REPLY_TIMEOUT.toNanos());
    }

    private static long workDeadline() {
        return System.nanoTime() + WORK_TIMEOUT.toNanos();
    }

    @Override
    public String readerId() {
        return readerId;
    }

    @Override
    public String model() {
        return "GT-521Fxx fingerprint module on " + portPath;
    }

    /// Templates on the module when it was opened.
    public int enrolledCount() {
        return enrolledCount;
    }

    @Override
    public Identification identify(Duration timeout) throws InterruptedException {
        return withModule(timeout, deadline -> withLight(() -> identifyUntil(deadline)), Identification.ReaderFault::new);
    }

    @Override
    public int templateCapacity() {
        return TEMPLATE_CAPACITY;
    }

    @Override
    public Identification verify(int templateId, Duration timeout) throws InterruptedException {
        return withModule(timeout, deadline -> withLight(() -> {
            if (!waitForFinger(deadline)) {
                return new Identification.NoFinger();
            }
            Gt521Packet capture = exchange(Gt521Command.CAPTURE_FINGER, FAST_IMAGE, workDeadline());
            if (!capture.isAck()) {
                return Gt521Error.of(capture.parameter()) == Gt521Error.FINGER_NOT_PRESSED ? new Identification.NoFinger()
                        : fault(Gt521Command.CAPTURE_FINGER, capture);
            }
            Gt521Packet checked = exchange(Gt521Command.VERIFY_1_1, templateId, workDeadline());
            if (checked.isAck()) {
                return new Identification.Matched(templateId, 0);
            }
            return switch (Gt521Error.of(checked.parameter())) {
                case VERIFY_FAILED, NOT_USED -> new Identification.NotRecognised();
                default -> fault(Gt521Command.VERIFY_1_1, checked);
            };
        }), Identification.ReaderFault::new);
    }

    /// The module's enrolment: EnrollStart at the id, then three captures (best image), each
    /// followed by Enroll1, 2, 3 and a lift; a poor capture is taken again, a finger already on the
    /// module comes back from Enroll3 as the id it duplicates.
    @Override
    public Enrolment enrol(int templateId, EnrolmentListener listener, Duration perCaptureTimeout) throws InterruptedException {
        if (templateId < 0 || templateId >= TEMPLATE_CAPACITY) {
            return new Enrolment.LibraryFull(templateId, TEMPLATE_CAPACITY);
        }
        return withModule(perCaptureTimeout, deadline -> withLight(() -> enrolAt(templateId, listener, perCaptureTimeout)),
                Enrolment.ReaderFault::new);
    }

    private Enrolment enrolAt(int templateId, EnrolmentListener listener, Duration perCapture)
            throws Gt521ProtocolException, InterruptedException {
        Gt521Packet start = exchange(Gt521Command.ENROLL_START, templateId, replyDeadline(Long.MAX_VALUE));
        if (!start.isAck()) {
            return switch (Gt521Error.of(start.parameter())) {
                case DATABASE_FULL, INVALID_POSITION, ALREADY_USED -> new Enrolment.LibraryFull(templateId, TEMPLATE_CAPACITY);
                default -> new Enrolment.ReaderFault(fault(Gt521Command.ENROLL_START, start).message());
            };
        }
        Gt521Command[] steps = {Gt521Command.ENROLL_1, Gt521Command.ENROLL_2, Gt521Command.ENROLL_3};
        for (int capture = 1; capture <= ENROLMENT_CAPTURES; capture++) {
            if (capture > 1) {
                listener.step(new EnrolmentStep.LiftFinger());
                if (!waitForLift(System.nanoTime() + perCapture.toNanos())) {
                    return new Enrolment.FingerNotLifted();
                }
            }
            boolean taken = false;
            for (int attempt = 1; attempt <= ATTEMPTS_PER_CAPTURE && !taken; attempt++) {
                if (attempt > 1 && !waitForLift(System.nanoTime() + perCapture.toNanos())) {
                    return new Enrolment.FingerNotLifted();
                }
                listener.step(new EnrolmentStep.PlaceFinger(capture, ENROLMENT_CAPTURES, attempt > 1));
                Gt521Packet image;
                long deadline = System.nanoTime() + perCapture.toNanos();
                if (!waitForFinger(deadline)) {
                    return new Enrolment.NoFinger(capture);
                }
                image = exchange(Gt521Command.CAPTURE_FINGER, BEST_IMAGE, workDeadline());
                if (image.isAck()) {
                    Gt521Packet step = exchange(steps[capture - 1], 0, workDeadline());
                    if (step.isAck()) {
                        taken = true;
                        continue;
                    }
                    if (capture == ENROLMENT_CAPTURES && step.parameter() >= 0 && step.parameter() < 0x1000) {
                        return new Enrolment.AlreadyEnrolled(step.parameter());
                    }
                    switch (Gt521Error.of(step.parameter())) {
                        case ENROLL_FAILED -> {
                            return new Enrolment.CapturesMismatch();
                        }
                        case BAD_FINGER -> listener.step(new EnrolmentStep.CaptureRejected(capture, CaptureProblem.POOR_IMAGE));
                        default -> {
                            return new Enrolment.ReaderFault(fault(steps[capture - 1], step).message());
                        }
                    }
                } else if (Gt521Error.of(image.parameter()) == Gt521Error.BAD_FINGER) {
                    listener.step(new EnrolmentStep.CaptureRejected(capture, CaptureProblem.POOR_IMAGE));
                } else if (Gt521Error.of(image.parameter()) != Gt521Error.FINGER_NOT_PRESSED) {
                    return new Enrolment.ReaderFault(fault(Gt521Command.CAPTURE_FINGER, image).message());
                }
            }
            if (!taken) {
                return new Enrolment.TooManyPoorCaptures(capture, CaptureProblem.POOR_IMAGE);
            }
            listener.step(new EnrolmentStep.CaptureTaken(capture));
        }
        return new Enrolment.Stored(templateId);
    }

    @Override
    public Deletion delete(int templateId) throws InterruptedException {
        return withModule(REPLY_TIMEOUT, deadline -> {
            Gt521Packet deleted = exchange(Gt521Command.DELETE_ID, templateId, replyDeadline(Long.MAX_VALUE));
            // The module answers "invalid position" for an id in range that holds nothing.
            if (deleted.isAck() || (Gt521Error.of(deleted.parameter()) == Gt521Error.INVALID_POSITION && templateId >= 0
                    && templateId < TEMPLATE_CAPACITY)) {
                return new Deletion.Deleted(templateId);
            }
            return new Deletion.Failed(templateId, fault(Gt521Command.DELETE_ID, deleted).message());
        }, message -> new Deletion.Failed(templateId, message));
    }

    @FunctionalInterface
    private interface ModuleWork<T> {
        T run(long deadline) throws Gt521ProtocolException, InterruptedException;
    }

    @FunctionalInterface
    private interface LitWork<T> {
        T run() throws Gt521ProtocolException, InterruptedException;
    }

    /// Runs `work` holding the line (opened again if it went away), turning line failures into `failed`.
    private <T> T withModule(Duration timeout, ModuleWork<T> work, java.util.function.Function<String, T> failed)
            throws InterruptedException {
        long deadline = System.nanoTime() + Math.max(0, timeout.toNanos());
        if (!exchangeLock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
            return failed.apply("The fingerprint reader is busy with another request");
        }
        try {
            if (closed) {
                return failed.apply("The fingerprint reader is closed");
            }
            if (line == null) {
                Optional<String> problem = PortReopening.until(deadline, this::connect, () -> closed);
                if (problem.isPresent()) {
                    return failed.apply(problem.get());
                }
            }
            return work.run(deadline);
        } catch (Gt521ProtocolException e) {
            if (e.kind() == Kind.DISCONNECTED) {
                dropLine();
            }
            return failed.apply(closed ? "The fingerprint reader is closed" : describe(e));
        } finally {
            exchangeLock.unlock();
        }
    }

    /// The sensor's light on for `work` (the module sees nothing in the dark), off afterwards.
    private <T> T withLight(LitWork<T> work) throws Gt521ProtocolException, InterruptedException {
        Gt521Packet light = exchange(Gt521Command.CMOS_LED, 1, replyDeadline(Long.MAX_VALUE));
        if (!light.isAck()) {
            throw new Gt521ProtocolException(Kind.NOT_A_RESPONSE, "the module refused to light its sensor");
        }
        try {
            return work.run();
        } finally {
            if (line != null && !closed) {
                try {
                    exchange(Gt521Command.CMOS_LED, 0, replyDeadline(Long.MAX_VALUE));
                } catch (Gt521ProtocolException e) {
                    // The light stays on; the next call reports the line's state.
                }
            }
        }
    }

    /// IsPressFinger until a finger is on; false at `deadline`.
    private boolean waitForFinger(long deadline) throws Gt521ProtocolException, InterruptedException {
        return pollPressed(deadline, true);
    }

    /// IsPressFinger until the sensor is clear; false if the finger is still on at `deadline`.
    private boolean waitForLift(long deadline) throws Gt521ProtocolException, InterruptedException {
        return pollPressed(deadline, false);
    }

    private boolean pollPressed(long deadline, boolean wanted) throws Gt521ProtocolException, InterruptedException {
        while (true) {
            Gt521Packet pressed = exchange(Gt521Command.IS_PRESS_FINGER, 0, replyDeadline(Long.MAX_VALUE));
            if (pressed.isAck() && (pressed.parameter() == 0) == wanted) {
                return true;
            }
            if (deadline - System.nanoTime() <= FINGER_POLL_INTERVAL.toNanos()) {
                return false;
            }
            Thread.sleep(FINGER_POLL_INTERVAL);
        }
    }

    private Identification identifyUntil(long deadline) throws Gt521ProtocolException, InterruptedException {
        while (true) {
            long sent = System.nanoTime();
            Gt521Packet pressed = exchange(Gt521Command.IS_PRESS_FINGER, 0, replyDeadline(deadline));
            long pollNanos = System.nanoTime() - sent;
            if (!pressed.isAck()) {
                return fault(Gt521Command.IS_PRESS_FINGER, pressed);
            }
            // IsPressFinger answers parameter 0 when a finger is on the sensor.
            if (pressed.parameter() == 0) {
                // The finger may be lifted a moment after it was seen: the capture and search
                // run on their own bounded deadlines, not the wait for a finger.
                Gt521Packet capture = exchange(Gt521Command.CAPTURE_FINGER, FAST_IMAGE, workDeadline());
                if (capture.isAck()) {
                    break;
                }
                Gt521Error error = Gt521Error.of(capture.parameter());
                if (error != Gt521Error.FINGER_NOT_PRESSED) {
                    return fault(Gt521Command.CAPTURE_FINGER, capture);
                }
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= pollNanos + FINGER_POLL_INTERVAL.toNanos()) {
                return new Identification.NoFinger();
            }
            Thread.sleep(FINGER_POLL_INTERVAL);
        }
        Gt521Packet found = exchange(Gt521Command.IDENTIFY_1_N, 0, workDeadline());
        if (found.isAck()) {
            // The module reports no score; 0 says so.
            return new Identification.Matched(found.parameter(), 0);
        }
        return switch (Gt521Error.of(found.parameter())) {
            case IDENTIFY_FAILED, DATABASE_EMPTY -> new Identification.NotRecognised();
            default -> fault(Gt521Command.IDENTIFY_1_N, found);
        };
    }

    private void dropLine() {
        Gt521Line lost = line;
        line = null;
        if (lost != null) {
            lost.close();
        }
    }

    private static Identification.ReaderFault fault(Gt521Command command, Gt521Packet answer) {
        Gt521Error error = Gt521Error.of(answer.parameter());
        return new Identification.ReaderFault("%s (code 0x%04X after %s)".formatted(error.message, answer.parameter(), command));
    }

    private static String describe(Gt521ProtocolException e) {
        return switch (e.kind()) {
            case TIMEOUT -> "The fingerprint reader did not answer in time";
            case DISCONNECTED -> "The fingerprint reader is disconnected";
            case WRONG_DEVICE -> "Another fingerprint module answered: " + e.getMessage();
            case BAD_CHECKSUM, NOT_A_RESPONSE -> "Garbled answers from the fingerprint reader: " + e.getMessage();
        };
    }

    /// Sends one command and reads its answer; line noise, or the module saying it received a
    /// garbled command, is retried once. Caller holds `exchangeLock`.
    private Gt521Packet exchange(Gt521Command command, int parameter, long deadline) throws Gt521ProtocolException {
        byte[] wire = Gt521Packet.command(command, parameter).encode();
        for (int attempt = 1; ; attempt++) {
            boolean lastAttempt = attempt == 2;
            Gt521Line current = line;
            if (current == null || closed) {
                throw new Gt521ProtocolException(Kind.DISCONNECTED, "The fingerprint reader is closed");
            }
            current.discardInput();
            current.write(wire);
            Gt521Packet answer;
            try {
                answer = current.read(deadline);
            } catch (Gt521ProtocolException e) {
                if (lastAttempt || !e.kind().isLineNoise()) {
                    throw e;
                }
                continue;
            }
            if (answer.deviceId() != Gt521Packet.DEFAULT_DEVICE_ID) {
                throw new Gt521ProtocolException(Kind.WRONG_DEVICE, "device id 0x%04X".formatted(answer.deviceId()));
            }
            if (!answer.isAck() && !answer.isNack()) {
                if (lastAttempt) {
                    throw new Gt521ProtocolException(Kind.NOT_A_RESPONSE, "a command packet (0x%02X) where an answer was due".formatted(answer.code()));
                }
                continue;
            }
            if (answer.isNack() && answer.parameter() == Gt521Error.COMMUNICATION_ERROR.code && !lastAttempt) {
                continue;
            }
            return answer;
        }
    }

    @Override
    public void close() {
        closed = true;
        Gt521Line current = line;
        if (current != null) {
            current.close();
        }
    }
}
