package mamori.fingerprint.r30x;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import mamori.fingerprint.CaptureProblem;
import mamori.fingerprint.Deletion;
import mamori.fingerprint.Enrolment;
import mamori.fingerprint.EnrolmentStep;
import mamori.fingerprint.Identification;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Enrolment, 1:1 verification and deletion: the driver against the emulated module through a
/// real pty pair (socat), with the module's answers for poor captures, two different fingers, a
/// finger already stored, a full library, a finger never lifted and a module that falls silent.
@Tag("system")
class R30xEnrolmentSystemTest {

    private static final Map<Integer, String> ENROLLED = Map.of(3, "alice/RIGHT_INDEX", 7, "bob/LEFT_THUMB");
    private static final Duration PER_CAPTURE = Duration.ofSeconds(2);

    @TempDir
    Path directory;

    private SocatPtyPair ptys;
    private R30xEmulator module;
    private R30xReader reader;
    private final List<EnrolmentStep> steps = new CopyOnWriteArrayList<>();

    private void connect(int capacity) throws Exception {
        ptys = SocatPtyPair.startLinked(directory);
        module = R30xEmulator.start(ptys.moduleEnd(), new R30xEmulator.Settings(R30xPacket.DEFAULT_ADDRESS, 0, capacity,
                R30xReader.DEFAULT_BAUD, R30xEmulator.Timing.INSTANT), ENROLLED);
        reader = new R30xReader(ptys.driverEnd(), R30xReader.DEFAULT_BAUD, R30xPacket.DEFAULT_ADDRESS, R30xReader.DEFAULT_PASSWORD, "desk-1");
        reader.open();
    }

    @AfterEach
    void tearDown() {
        if (reader != null) {
            reader.close();
        }
        if (module != null) {
            module.close();
        }
        if (ptys != null) {
            ptys.close();
        }
    }

    /// Records the steps and touches the sensor with `fingerForCapture(n)` whenever the driver asks for capture n.
    private Enrolment enrol(int templateId, java.util.function.IntFunction<String> fingerForCapture, Consumer<EnrolmentStep> also)
            throws InterruptedException {
        return reader.enrol(templateId, step -> {
            steps.add(step);
            also.accept(step);
            if (step instanceof EnrolmentStep.PlaceFinger place) {
                module.touchFinger(fingerForCapture.apply(place.capture()));
            }
        }, PER_CAPTURE);
    }

    private Enrolment enrol(int templateId, String finger) throws InterruptedException {
        return enrol(templateId, capture -> finger, step -> { });
    }

    @Test
    void twoCapturesOfOneFingerAreStoredAtThePageAndIdentifiedAfterwards() throws Exception {
        connect(1000);
        assertEquals(1000, reader.templateCapacity());
        assertEquals(new Enrolment.Stored(8), enrol(8, "carol/RIGHT_THUMB"));
        assertEquals(List.of(new EnrolmentStep.PlaceFinger(1, 2, false), new EnrolmentStep.CaptureTaken(1), new EnrolmentStep.LiftFinger(),
                new EnrolmentStep.PlaceFinger(2, 2, false), new EnrolmentStep.CaptureTaken(2)), steps);
        assertEquals("carol/RIGHT_THUMB", module.enrolledPages().get(8));
        module.touchFinger("carol/RIGHT_THUMB");
        assertEquals(new Identification.Matched(8, R30xEmulator.MATCH_SCORE), reader.identify(PER_CAPTURE));
    }

    @Test
    void verifyComparesWithTheOneTemplateOnly() throws Exception {
        connect(1000);
        module.touchFinger("alice/RIGHT_INDEX");
        assertEquals(new Identification.Matched(3, R30xEmulator.MATCH_SCORE), reader.verify(3, PER_CAPTURE));
        module.touchFinger("alice/RIGHT_INDEX");
        assertEquals(new Identification.NotRecognised(), reader.verify(7, PER_CAPTURE));
    }

    @Test
    void aMessyImageOnTheSecondCaptureIsRejectedAndTheFingerPlacedAgain() throws Exception {
        connect(1000);
        module.failCapture(2, R30xConfirmationCode.IMAGE_TOO_MESSY);
        assertEquals(new Enrolment.Stored(8), enrol(8, "carol/RIGHT_THUMB"));
        assertTrue(steps.contains(new EnrolmentStep.CaptureRejected(2, CaptureProblem.POOR_IMAGE)), steps.toString());
        assertTrue(steps.contains(new EnrolmentStep.PlaceFinger(2, 2, true)), steps.toString());
        assertEquals("carol/RIGHT_THUMB", module.enrolledPages().get(8));
    }

    @Test
    void aFailedImageAndTooFewFeaturesAreToldApart() throws Exception {
        connect(1000);
        module.failCapture(1, R30xConfirmationCode.IMAGE_FAILED);
        assertEquals(new Enrolment.Stored(8), enrol(8, "carol/RIGHT_THUMB"));
        assertEquals(new EnrolmentStep.CaptureRejected(1, CaptureProblem.POOR_IMAGE), steps.get(1));
        steps.clear();
        module.failCapture(1, R30xConfirmationCode.TOO_FEW_FEATURES);
        assertEquals(new Enrolment.Stored(9), enrol(9, "carol/LEFT_THUMB"));
        assertEquals(new EnrolmentStep.CaptureRejected(1, CaptureProblem.TOO_FEW_FEATURES), steps.get(1));
    }

    @Test
    void aCaptureRejectedThreeTimesEndsTheEnrolment() throws Exception {
        connect(1000);
        Enrolment result = enrol(8, capture -> "carol/RIGHT_THUMB", step -> {
            if (step instanceof EnrolmentStep.PlaceFinger place && place.capture() == 1) {
                module.failCapture(1, R30xConfirmationCode.TOO_FEW_FEATURES);
            }
        });
        assertEquals(new Enrolment.TooManyPoorCaptures(1, CaptureProblem.TOO_FEW_FEATURES), result);
        assertFalse(module.enrolledPages().containsKey(8));
    }

    @Test
    void twoDifferentFingersDoNotMakeATemplate() throws Exception {
        connect(1000);
        assertEquals(new Enrolment.CapturesMismatch(), enrol(8, capture -> capture == 1 ? "carol/RIGHT_THUMB" : "carol/LEFT_THUMB", step -> { }));
        assertFalse(module.enrolledPages().containsKey(8));
    }

    @Test
    void aFingerAlreadyOnTheModuleIsNotStoredTwice() throws Exception {
        connect(1000);
        assertEquals(new Enrolment.AlreadyEnrolled(3), enrol(8, "alice/RIGHT_INDEX"));
        assertFalse(module.enrolledPages().containsKey(8));
    }

    @Test
    void aFullLibraryIsSaidBeforeAnyCapture() throws Exception {
        connect(8);
        assertEquals(new Enrolment.LibraryFull(8, 8), enrol(8, "carol/RIGHT_THUMB"));
        assertTrue(steps.isEmpty(), steps.toString());
    }

    @Test
    void aFingerLeftOnTheSensorEndsInFingerNotLiftedOnTime() throws Exception {
        connect(1000);
        long started = System.nanoTime();
        Enrolment result = reader.enrol(8, step -> {
            if (step instanceof EnrolmentStep.PlaceFinger) {
                module.placeFinger("carol/RIGHT_THUMB");
            }
        }, Duration.ofMillis(800));
        assertEquals(new Enrolment.FingerNotLifted(), result);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 800 + 500, "took " + millis + " ms");
    }

    @Test
    void noFingerForTheFirstCaptureEndsOnTime() throws Exception {
        connect(1000);
        assertEquals(new Enrolment.NoFinger(1), reader.enrol(8, step -> { }, Duration.ofMillis(500)));
    }

    @Test
    void aModuleThatFallsSilentMidEnrolmentIsAReaderFaultNotAHang() throws Exception {
        connect(1000);
        long started = System.nanoTime();
        Enrolment result = enrol(8, capture -> "carol/RIGHT_THUMB", step -> {
            if (step instanceof EnrolmentStep.CaptureTaken) {
                module.setSilent(true);
            }
        });
        var fault = assertInstanceOf(Enrolment.ReaderFault.class, result);
        assertTrue(fault.message().contains("did not answer"), fault.message());
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 2 * 2000 + 1000, "took " + millis + " ms");
        module.setSilent(false);
        assertFalse(module.enrolledPages().containsKey(8));
    }

    @Test
    void deleteRemovesOnlyThatTemplate() throws Exception {
        connect(1000);
        assertEquals(new Deletion.Deleted(3), reader.delete(3));
        assertEquals(Map.of(7, "bob/LEFT_THUMB"), module.enrolledPages());
        module.touchFinger("alice/RIGHT_INDEX");
        assertEquals(new Identification.NotRecognised(), reader.identify(PER_CAPTURE));
    }
}
