package mamori.fingerprint.gt521;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import mamori.fingerprint.CaptureProblem;
import mamori.fingerprint.Deletion;
import mamori.fingerprint.Enrolment;
import mamori.fingerprint.EnrolmentStep;
import mamori.fingerprint.Identification;
import mamori.fingerprint.r30x.SocatPtyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Enrolment, 1:1 verification and deletion on the GT-521 driver against the emulated module
/// through a real pty pair: three captures with a lift between them, poor captures taken again,
/// mismatched and duplicate fingers, a finger left on the sensor.
@Tag("system")
class Gt521EnrolmentSystemTest {

    private static final Duration PER_CAPTURE = Duration.ofSeconds(2);

    @TempDir
    Path directory;

    private SocatPtyPair ptys;
    private Gt521Emulator module;
    private Gt521Reader reader;
    private final List<EnrolmentStep> steps = new CopyOnWriteArrayList<>();

    @BeforeEach
    void connect() throws Exception {
        ptys = SocatPtyPair.startLinked(directory);
        module = Gt521Emulator.start(ptys.moduleEnd(), Gt521Emulator.Settings.f52(Gt521Emulator.Timing.INSTANT),
                Map.of(0, "alice/RIGHT_INDEX"));
        reader = new Gt521Reader(ptys.driverEnd(), Gt521Reader.DEFAULT_BAUD, "desk-1");
        reader.open();
    }

    @AfterEach
    void tearDown() {
        reader.close();
        module.close();
        ptys.close();
    }

    /// Touches `fingers` in turn, one at each request to place a finger.
    private Enrolment enrol(int templateId, String... fingers) throws Exception {
        int[] next = {0};
        return reader.enrol(templateId, step -> {
            steps.add(step);
            if (step instanceof EnrolmentStep.PlaceFinger) {
                module.touchFinger(fingers[Math.min(next[0]++, fingers.length - 1)]);
            }
        }, PER_CAPTURE);
    }

    @Test
    void threeCapturesWithLiftsBetweenStoreATemplateThatThenIdentifiesAndVerifies() throws Exception {
        assertEquals(new Enrolment.Stored(5), enrol(5, "bob/LEFT_THUMB"));
        assertEquals(List.of(new EnrolmentStep.PlaceFinger(1, 3, false), new EnrolmentStep.CaptureTaken(1), new EnrolmentStep.LiftFinger(),
                new EnrolmentStep.PlaceFinger(2, 3, false), new EnrolmentStep.CaptureTaken(2), new EnrolmentStep.LiftFinger(),
                new EnrolmentStep.PlaceFinger(3, 3, false), new EnrolmentStep.CaptureTaken(3)), steps);
        assertEquals("bob/LEFT_THUMB", module.templates().get(5));
        assertFalse(module.lightOn());

        module.placeFinger("bob/LEFT_THUMB");
        assertEquals(new Identification.Matched(5, 0), reader.identify(Duration.ofSeconds(2)));
        assertEquals(new Identification.Matched(5, 0), reader.verify(5, Duration.ofSeconds(2)));
        assertEquals(new Identification.NotRecognised(), reader.verify(0, Duration.ofSeconds(2)));
    }

    @Test
    void aPoorCaptureIsReportedAndTakenAgain() throws Exception {
        module.givePoorImages(1);
        assertEquals(new Enrolment.Stored(6), enrol(6, "bob/LEFT_THUMB"));
        assertTrue(steps.contains(new EnrolmentStep.CaptureRejected(1, CaptureProblem.POOR_IMAGE)), steps.toString());
        assertTrue(steps.contains(new EnrolmentStep.PlaceFinger(1, 3, true)), steps.toString());
    }

    @Test
    void differentFingersDoNotMakeATemplateAndAKnownFingerIsNamedAsADuplicate() throws Exception {
        assertEquals(new Enrolment.CapturesMismatch(), enrol(7, "bob/LEFT_THUMB", "carol/RIGHT_THUMB"));
        assertFalse(module.templates().containsKey(7));
        assertEquals(new Enrolment.AlreadyEnrolled(0), enrol(8, "alice/RIGHT_INDEX"));
        assertFalse(module.templates().containsKey(8));
    }

    @Test
    void aFingerLeftOnTheSensorEndsTheEnrolment() throws Exception {
        Enrolment result = reader.enrol(9, step -> {
            if (step instanceof EnrolmentStep.PlaceFinger) {
                module.placeFinger("bob/LEFT_THUMB");
            }
        }, Duration.ofMillis(600));
        assertEquals(new Enrolment.FingerNotLifted(), result);
    }

    @Test
    void noFingerAndAnIdOutsideTheLibraryAreSaidAsSuch() throws Exception {
        assertEquals(new Enrolment.NoFinger(1), reader.enrol(10, step -> { }, Duration.ofMillis(400)));
        assertEquals(new Enrolment.LibraryFull(Gt521Reader.TEMPLATE_CAPACITY, Gt521Reader.TEMPLATE_CAPACITY),
                reader.enrol(Gt521Reader.TEMPLATE_CAPACITY, step -> { }, PER_CAPTURE));
        assertEquals(new Enrolment.LibraryFull(0, Gt521Reader.TEMPLATE_CAPACITY), enrol(0, "bob/LEFT_THUMB"), "id 0 is taken");
    }

    @Test
    void aDeletedTemplateNoLongerMatches() throws Exception {
        assertEquals(new Deletion.Deleted(0), reader.delete(0));
        assertEquals(new Deletion.Deleted(0), reader.delete(0), "deleting what is not there is done");
        module.placeFinger("alice/RIGHT_INDEX");
        assertEquals(new Identification.NotRecognised(), reader.identify(Duration.ofSeconds(2)));
    }
}
