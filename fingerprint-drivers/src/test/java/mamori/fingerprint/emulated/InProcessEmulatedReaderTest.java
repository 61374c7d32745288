package mamori.fingerprint.emulated;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import mamori.fingerprint.FingerSimulator.SimulatedFinger;
import mamori.fingerprint.Identification;
import org.junit.jupiter.api.Test;

class InProcessEmulatedReaderTest {

    private static final SimulatedFinger ENROLLED = new SimulatedFinger(Optional.of("A"), "RIGHT_INDEX", OptionalInt.of(3));

    @Test
    void offersItsEnrolledFingersAndOneUnknownFinger() {
        var reader = new InProcessEmulatedReader("r", List.of(ENROLLED));
        assertEquals(List.of(ENROLLED, SimulatedFinger.unknown()), reader.fingers());
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
