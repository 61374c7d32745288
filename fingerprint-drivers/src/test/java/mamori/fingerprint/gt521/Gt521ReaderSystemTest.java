package mamori.fingerprint.gt521;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mamori.fingerprint.Identification;
import mamori.fingerprint.r30x.SocatPtyPair;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The GT-521 driver against the emulated module through a real pty pair (socat), including
/// the ways a serial line fails: garbage, corrupted checksums, a silent module, a pulled cable.
@Tag("system")
class Gt521ReaderSystemTest {

    private static final Map<Integer, String> ENROLLED = Map.of(0, "alice/RIGHT_INDEX", 12, "bob/LEFT_THUMB");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final long MARGIN_MILLIS = 300;

    @TempDir
    Path directory;

    private SocatPtyPair ptys;
    private Gt521Emulator module;
    private Gt521Reader reader;

    private Gt521Reader connect(Gt521Emulator.Timing timing, Map<Integer, String> enrolled) throws Exception {
        ptys = SocatPtyPair.startLinked(directory);
        module = Gt521Emulator.start(ptys.moduleEnd(), Gt521Emulator.Settings.f52(timing), enrolled);
        reader = new Gt521Reader(ptys.driverEnd(), Gt521Reader.DEFAULT_BAUD, "desk-1");
        return reader;
    }

    @AfterEach
    void tearDown() throws Exception {
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

    @Test
    void enrolledFingersMatchTheirTemplateIdsAndTheLightGoesOffAfterwards() throws Exception {
        connect(Gt521Emulator.Timing.INSTANT, ENROLLED).open();
        assertEquals(2, reader.enrolledCount());
        module.placeFinger("bob/LEFT_THUMB");
        assertEquals(new Identification.Matched(12, 0), reader.identify(TIMEOUT));
        module.placeFinger("alice/RIGHT_INDEX");
        assertEquals(new Identification.Matched(0, 0), reader.identify(TIMEOUT));
        assertFalse(module.lightOn());
    }

    @Test
    void anUnknownFingerOrAnEmptyModuleIsNotRecognised() throws Exception {
        connect(Gt521Emulator.Timing.INSTANT, ENROLLED).open();
        module.placeFinger("mallory/RIGHT_INDEX");
        assertEquals(new Identification.NotRecognised(), reader.identify(TIMEOUT));
        tearDown();
        connect(Gt521Emulator.Timing.INSTANT, Map.of()).open();
        module.placeFinger("alice/RIGHT_INDEX");
        assertEquals(new Identification.NotRecognised(), reader.identify(TIMEOUT));
    }

    @Test
    void noFingerEndsAtTheTimeout() throws Exception {
        connect(Gt521Emulator.Timing.DATASHEET, ENROLLED).open();
        long start = System.nanoTime();
        assertEquals(new Identification.NoFinger(), reader.identify(Duration.ofMillis(800)));
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(millis >= 600 && millis <= 800 + MARGIN_MILLIS, "took " + millis + " ms");
        assertFalse(module.lightOn());
    }

    @Test
    void aFingerPlacedWhileWaitingIsIdentifiedWithDatasheetTimings() throws Exception {
        connect(Gt521Emulator.Timing.DATASHEET, ENROLLED).open();
        CompletableFuture.delayedExecutor(400, TimeUnit.MILLISECONDS).execute(() -> module.touchFinger("alice/RIGHT_INDEX"));
        assertEquals(new Identification.Matched(0, 0), reader.identify(Duration.ofSeconds(3)));
    }

    @Test
    void garbageAndOneCorruptedAnswerAreSurvived() throws Exception {
        connect(Gt521Emulator.Timing.INSTANT, ENROLLED).open();
        module.placeFinger("bob/LEFT_THUMB");
        module.sendGarbageBeforeNextReply();
        assertEquals(new Identification.Matched(12, 0), reader.identify(TIMEOUT));
        module.corruptChecksums(1);
        assertEquals(new Identification.Matched(12, 0), reader.identify(TIMEOUT));
    }

    @Test
    void persistentlyCorruptedAnswersAreAFaultThatSaysSo() throws Exception {
        connect(Gt521Emulator.Timing.INSTANT, ENROLLED).open();
        module.placeFinger("bob/LEFT_THUMB");
        module.corruptChecksums(100);
        var fault = assertInstanceOf(Identification.ReaderFault.class, reader.identify(TIMEOUT));
        assertTrue(fault.message().startsWith("Garbled answers"), fault.message());
    }

    @Test
    void aPoorImageIsAFaultNamingIt() throws Exception {
        connect(Gt521Emulator.Timing.INSTANT, ENROLLED).open();
        module.givePoorImages(1);
        module.placeFinger("bob/LEFT_THUMB");
        var fault = assertInstanceOf(Identification.ReaderFault.class, reader.identify(TIMEOUT));
        assertTrue(fault.message().contains("too poor"), fault.message());
        assertEquals(new Identification.Matched(12, 0), reader.identify(TIMEOUT));
    }

    @Test
    void aSilentModuleIsAFaultWithinTheTimeout() throws Exception {
        connect(Gt521Emulator.Timing.INSTANT, ENROLLED).open();
        module.goSilent(true);
        Identification result = assertTimeoutPreemptively(Duration.ofSeconds(5), () -> reader.identify(TIMEOUT));
        var fault = assertInstanceOf(Identification.ReaderFault.class, result);
        assertTrue(fault.message().contains("did not answer"), fault.message());
    }

    @Test
    void aPulledCableIsAFaultAndThePluggedBackModuleAnswersAgain() throws Exception {
        connect(Gt521Emulator.Timing.INSTANT, ENROLLED).open();
        module.close();
        ptys.close();
        var fault = assertInstanceOf(Identification.ReaderFault.class,
                assertTimeoutPreemptively(Duration.ofSeconds(5), () -> reader.identify(Duration.ofMillis(500))));
        assertTrue(fault.message().contains("disconnected"), fault.message());
        ptys = SocatPtyPair.startLinked(directory);
        module = Gt521Emulator.start(ptys.moduleEnd(), Gt521Emulator.Settings.f52(Gt521Emulator.Timing.INSTANT), ENROLLED);
        module.placeFinger("alice/RIGHT_INDEX");
        Identification back = reader.identify(Duration.ofSeconds(3));
        if (back instanceof Identification.ReaderFault) {
            back = reader.identify(Duration.ofSeconds(3));
        }
        assertEquals(new Identification.Matched(0, 0), back);
    }

    @Test
    void closeEndsAnIdentifyInProgress() throws Exception {
        connect(Gt521Emulator.Timing.INSTANT, ENROLLED).open();
        var waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return reader.identify(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(300);
        reader.close();
        assertInstanceOf(Identification.ReaderFault.class, waiting.get(3, TimeUnit.SECONDS));
    }

    @Test
    void aMissingPortIsNamedWhenOpening() {
        var missing = new Gt521Reader(directory.resolve("no-such-tty").toString(), Gt521Reader.DEFAULT_BAUD, "desk-1");
        var e = assertThrows(IOException.class, missing::open);
        assertTrue(e.getMessage().contains("no-such-tty"), e.getMessage());
    }
}
