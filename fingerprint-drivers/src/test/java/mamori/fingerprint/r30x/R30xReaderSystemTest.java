package mamori.fingerprint.r30x;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The driver against the emulated module through a real pty pair (socat), including the ways a
/// serial line fails: garbage, corrupted checksums, a silent module and a pulled cable.
@Tag("system")
class R30xReaderSystemTest {

    private static final Map<Integer, String> ENROLLED = Map.of(3, "alice/RIGHT_INDEX", 7, "bob/LEFT_THUMB");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    /// Slack for thread scheduling and one 20 ms serial read slice.
    private static final long MARGIN_MILLIS = 250;

    @TempDir
    Path directory;

    private SocatPtyPair ptys;
    private R30xEmulator module;
    private R30xReader reader;

    private R30xReader connect(R30xEmulator.Timing timing) throws Exception {
        return connect(R30xEmulator.Settings.factoryDefaults(timing), R30xReader.DEFAULT_PASSWORD);
    }

    private R30xReader connect(R30xEmulator.Settings settings, int readerPassword) throws Exception {
        ptys = SocatPtyPair.startLinked(directory);
        module = R30xEmulator.start(ptys.moduleEnd(), settings, ENROLLED);
        reader = new R30xReader(ptys.driverEnd(), R30xReader.DEFAULT_BAUD, R30xPacket.DEFAULT_ADDRESS, readerPassword, "desk-1");
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
    void enrolledFingerMatchesItsPage() throws Exception {
        connect(R30xEmulator.Timing.INSTANT).open();
        assertEquals(1000, reader.libraryCapacity());
        module.placeFinger("bob/LEFT_THUMB");
        assertEquals(new Identification.Matched(7, R30xEmulator.MATCH_SCORE), reader.identify(TIMEOUT));
        module.placeFinger("alice/RIGHT_INDEX");
        assertEquals(new Identification.Matched(3, R30xEmulator.MATCH_SCORE), reader.identify(TIMEOUT));
    }

    @Test
    void fingerPlacedWhileWaitingIsIdentifiedWithDatasheetTimings() throws Exception {
        connect(R30xEmulator.Timing.DATASHEET).open();
        CompletableFuture.delayedExecutor(400, TimeUnit.MILLISECONDS).execute(() -> module.placeFinger("alice/RIGHT_INDEX"));
        assertEquals(new Identification.Matched(3, R30xEmulator.MATCH_SCORE), reader.identify(Duration.ofSeconds(3)));
    }

    @Test
    void aFingerCapturedJustBeforeTheTimeoutIsStillIdentified() throws Exception {
        // The kiosk waits in 500 ms steps; capture, extraction and search take 500 ms and more.
        connect(R30xEmulator.Timing.DATASHEET).open();
        module.touchFinger("alice/RIGHT_INDEX");
        assertEquals(new Identification.Matched(3, R30xEmulator.MATCH_SCORE), reader.identify(Duration.ofMillis(500)));
    }

    @Test
    void unknownFingerIsNotRecognised() throws Exception {
        connect(R30xEmulator.Timing.INSTANT).open();
        module.placeFinger("mallory/RIGHT_INDEX");
        assertEquals(new Identification.NotRecognised(), reader.identify(TIMEOUT));
    }

    @Test
    void noFingerWithinTheTimeoutReturnsNoFingerOnTime() throws Exception {
        // Datasheet timings: each GenImg takes 200 ms, so the last poll must not overrun the deadline.
        connect(R30xEmulator.Timing.DATASHEET).open();
        Duration timeout = Duration.ofMillis(1000);
        long started = System.nanoTime();
        assertEquals(new Identification.NoFinger(), reader.identify(timeout));
        long elapsed = elapsedMillis(started);
        assertTrue(elapsed >= 500 && elapsed <= timeout.toMillis() + MARGIN_MILLIS, "took " + elapsed + " ms");
    }

    @Test
    void wrongPasswordFailsToOpenWithAClearMessage() throws Exception {
        connect(R30xEmulator.Settings.factoryDefaults(R30xEmulator.Timing.INSTANT).withPassword(0x2468ACE0), 0x1234);
        var error = assertThrows(IOException.class, reader::open);
        assertTrue(error.getMessage().contains("refused the password")
                && error.getMessage().contains(R30xConfirmationCode.WRONG_PASSWORD.message()), error.getMessage());
        assertInstanceOf(Identification.ReaderFault.class, reader.identify(TIMEOUT));
    }

    @Test
    void rightNonDefaultPasswordOpens() throws Exception {
        connect(R30xEmulator.Settings.factoryDefaults(R30xEmulator.Timing.INSTANT).withPassword(0x2468ACE0), 0x2468ACE0).open();
        module.placeFinger("alice/RIGHT_INDEX");
        assertEquals(new Identification.Matched(3, R30xEmulator.MATCH_SCORE), reader.identify(TIMEOUT));
    }

    @Test
    void garbageOnTheLineIsSkipped() throws Exception {
        connect(R30xEmulator.Timing.INSTANT).open();
        module.placeFinger("bob/LEFT_THUMB");
        module.sendGarbageBeforeNextReply();
        assertEquals(new Identification.Matched(7, R30xEmulator.MATCH_SCORE), reader.identify(TIMEOUT));
    }

    @Test
    void oneCorruptedChecksumIsRetried() throws Exception {
        connect(R30xEmulator.Timing.INSTANT).open();
        module.placeFinger("bob/LEFT_THUMB");
        module.corruptNextChecksums(1);
        assertEquals(new Identification.Matched(7, R30xEmulator.MATCH_SCORE), reader.identify(TIMEOUT));
    }

    @Test
    void twoCorruptedChecksumsInARowAreAFault() throws Exception {
        connect(R30xEmulator.Timing.INSTANT).open();
        module.placeFinger("bob/LEFT_THUMB");
        module.corruptNextChecksums(2);
        var result = reader.identify(TIMEOUT);
        var fault = assertInstanceOf(Identification.ReaderFault.class, result);
        assertTrue(fault.message().contains("checksum"), fault.message());
        // The line is fine again afterwards.
        assertEquals(new Identification.Matched(7, R30xEmulator.MATCH_SCORE), reader.identify(TIMEOUT));
    }

    @Test
    void silentModuleIsAFaultWithinTheTimeout() throws Exception {
        connect(R30xEmulator.Timing.INSTANT).open();
        module.setSilent(true);
        Duration timeout = Duration.ofMillis(700);
        long started = System.nanoTime();
        var fault = assertInstanceOf(Identification.ReaderFault.class, reader.identify(timeout));
        long elapsed = elapsedMillis(started);
        assertEquals("The fingerprint reader did not answer in time", fault.message());
        assertTrue(elapsed <= timeout.toMillis() + MARGIN_MILLIS, "took " + elapsed + " ms");
    }

    @Test
    void unpluggedReaderIsAFaultWithoutHangingAndClosesCleanly() throws Exception {
        connect(R30xEmulator.Timing.DATASHEET).open();
        var result = CompletableFuture.supplyAsync(() -> identifyOrFault(Duration.ofSeconds(10)));
        Thread.sleep(300);
        long unplugged = System.nanoTime();
        ptys.unplug();
        var fault = assertInstanceOf(Identification.ReaderFault.class, result.get(3, TimeUnit.SECONDS));
        assertTrue(elapsedMillis(unplugged) < 1000, "took " + elapsedMillis(unplugged) + " ms after the unplug");
        assertEquals("The fingerprint reader is disconnected", fault.message());
        assertTimeoutPreemptively(Duration.ofSeconds(2), reader::close);
        assertInstanceOf(Identification.ReaderFault.class, reader.identify(TIMEOUT));
    }

    @Test
    void closingDuringIdentifyEndsTheCallPromptly() throws Exception {
        connect(R30xEmulator.Timing.DATASHEET).open();
        var result = CompletableFuture.supplyAsync(() -> identifyOrFault(Duration.ofSeconds(10)));
        Thread.sleep(300);
        long closed = System.nanoTime();
        assertTimeoutPreemptively(Duration.ofSeconds(2), reader::close);
        var fault = assertInstanceOf(Identification.ReaderFault.class, result.get(3, TimeUnit.SECONDS));
        assertEquals("The fingerprint reader is closed", fault.message());
        assertTrue(elapsedMillis(closed) < 1000, "took " + elapsedMillis(closed) + " ms after close");
    }

    @Test
    void identifyOpensAReaderThatWasNotOpenedYet() throws Exception {
        connect(R30xEmulator.Timing.INSTANT);
        module.placeFinger("alice/RIGHT_INDEX");
        assertEquals(new Identification.Matched(3, R30xEmulator.MATCH_SCORE), reader.identify(TIMEOUT));
    }

    @Test
    void aReaderPluggedInAgainUnderTheSameNameAnswersAgain() throws Exception {
        connect(R30xEmulator.Timing.INSTANT).open();
        ptys.unplug();
        module.close();
        var lost = assertInstanceOf(Identification.ReaderFault.class, reader.identify(TIMEOUT));
        assertEquals("The fingerprint reader is disconnected", lost.message());
        var stillLost = assertInstanceOf(Identification.ReaderFault.class, reader.identify(Duration.ofMillis(600)));
        assertTrue(stillLost.message().startsWith("The fingerprint reader is disconnected: "), stillLost.message());

        ptys = SocatPtyPair.startLinked(directory);
        module = R30xEmulator.start(ptys.moduleEnd(), R30xEmulator.Settings.factoryDefaults(R30xEmulator.Timing.INSTANT), ENROLLED);
        module.placeFinger("bob/LEFT_THUMB");
        assertEquals(new Identification.Matched(7, R30xEmulator.MATCH_SCORE), reader.identify(TIMEOUT));
    }

    @Test
    void aTouchedFingerIsReadOnceAndThenLifted() throws Exception {
        connect(R30xEmulator.Timing.INSTANT).open();
        module.touchFinger("alice/RIGHT_INDEX");
        assertEquals(new Identification.Matched(3, R30xEmulator.MATCH_SCORE), reader.identify(TIMEOUT));
        assertEquals(new Identification.NoFinger(), reader.identify(Duration.ofMillis(300)));
    }

    @Test
    void theEmulatorAccountsForItsModelledTimeAtTheLineSpeed() throws Exception {
        connect(R30xEmulator.Timing.DATASHEET).open();
        module.touchFinger("alice/RIGHT_INDEX");
        long started = System.nanoTime();
        assertEquals(new Identification.Matched(3, R30xEmulator.MATCH_SCORE), reader.identify(Duration.ofSeconds(3)));
        long ended = System.nanoTime();
        var modelled = module.modelledTimeBetween(started, ended);
        // GenImg, Img2Tz and Search: 200 + 100 + 200 ms of module work; 12+12, 13+12, 17+16 bytes
        // on the line at 57,600 baud (10 bits a byte) = 82 bytes, about 14 ms.
        long work = modelled.moduleWork().toMillis();
        long line = modelled.lineTransfer().toMillis();
        assertTrue(work >= 500 && work < 560, "module work " + work + " ms");
        assertTrue(line >= 14 && line < 40, "line " + line + " ms");
        assertTrue(modelled.total().toNanos() <= ended - started);
    }

    @Test
    void missingPortFailsToOpen() {
        reader = new R30xReader(directory.resolve("no-such-tty").toString(), R30xReader.DEFAULT_BAUD,
                R30xPacket.DEFAULT_ADDRESS, 0, "desk-2");
        var error = assertThrows(IOException.class, reader::open);
        assertTrue(error.getMessage().contains("no-such-tty"), error.getMessage());
    }

    private Identification identifyOrFault(Duration timeout) {
        try {
            return reader.identify(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Identification.ReaderFault("interrupted");
        }
    }

    private static long elapsedMillis(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }
}
