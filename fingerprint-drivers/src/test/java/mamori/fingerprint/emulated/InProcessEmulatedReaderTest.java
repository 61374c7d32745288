package mamori.fingerprint.emulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import mamori.fingerprint.FingerSimulator.SimulatedFinger;
import mamori.fingerprint.Enrolment;
import mamori.fingerprint.EnrolmentStep;
import mamori.fingerprint.Identification;
import org.junit.jupiter.api.Test;

class InProcessEmulatedReaderTest {

    private static final SimulatedFinger ENROLLED = new SimulatedFinger(Optional.of("A"), "RIGHT_INDEX", OptionalInt.of(3));

    @Test
    void offersItsEnrolledFingersAnUnknownFingerAndANewOne() {
        var reader = new InProcessEmulatedReader("r", List.of(ENROLLED));
        assertEquals(List.of(ENROLLED, SimulatedFinger.unknown(), SimulatedFinger.newFinger()), reader.fingers());
    }

    @Test
    void aNewFingerPlacedTwiceIsEnrolledAndThenIdentifiedByItsTemplate() throws Exception {
        var reader = new InProcessEmulatedReader("r", List.of(ENROLLED));
        List<EnrolmentStep> steps = new java.util.ArrayList<>();
        Thread placer = Thread.ofVirtual().start(() -> {
            for (int capture = 0; capture < 2; capture++) {
                waitUntil(steps, capture);
                reader.place(SimulatedFinger.newFinger());
            }
        });
        assertEquals(new Enrolment.Stored(4), reader.enrol(4, step -> {
            synchronized (steps) {
                steps.add(step);
            }
        }, Duration.ofSeconds(2)));
        placer.join();
        reader.place(new SimulatedFinger(Optional.of("A"), "LEFT_THUMB", OptionalInt.of(4)));
        assertEquals(4, assertInstanceOf(Identification.Matched.class, reader.identify(Duration.ofSeconds(1))).templateId());
        reader.place(SimulatedFinger.newFinger());
        assertEquals(new Identification.NotRecognised(), reader.identify(Duration.ofSeconds(1)), "the next new finger is another");
        reader.delete(4);
        reader.place(new SimulatedFinger(Optional.of("A"), "LEFT_THUMB", OptionalInt.of(4)));
        assertEquals(new Identification.NotRecognised(), reader.identify(Duration.ofSeconds(1)));
    }

    /// Waits until the enrolment asked for capture `index + 1`.
    private static void waitUntil(List<EnrolmentStep> steps, int index) {
        while (true) {
            synchronized (steps) {
                if (steps.stream().filter(EnrolmentStep.PlaceFinger.class::isInstance).count() > index) {
                    return;
                }
            }
            Thread.onSpinWait();
        }
    }

    @Test
    void identifiesAPlacedEnrolledFingerOnce() throws Exception {
        var reader = new InProcessEmulatedReader("r", List.of(ENROLLED));
        reader.place(ENROLLED);
        Identification.Matched match = assertInstanceOf(Identification.Matched.class, reader.identify(Duration.ofSeconds(1)));
        assertEquals(3, match.templateId());
        assertEquals(new Identification.NoFinger(), reader.identify(Duration.ofMillis(50)), "a finger is read once");
    }

    @Test
    void aFingerNotOnTheModuleIsNotRecognised() throws Exception {
        var reader = new InProcessEmulatedReader("r", List.of(ENROLLED));
        reader.place(new SimulatedFinger(Optional.of("B"), "LEFT_INDEX", OptionalInt.of(99)));
        assertEquals(new Identification.NotRecognised(), reader.identify(Duration.ofSeconds(1)));
    }

    @Test
    void aWaitWithoutAFingerEndsAtItsTimeout() throws Exception {
        var reader = new InProcessEmulatedReader("r", List.of(ENROLLED));
        long started = System.nanoTime();
        assertEquals(new Identification.NoFinger(), reader.identify(Duration.ofMillis(150)));
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(elapsedMillis >= 140 && elapsedMillis < 2_000, "waited " + elapsedMillis + " ms");
    }
}
