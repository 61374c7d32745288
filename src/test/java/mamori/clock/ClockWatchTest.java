package mamori.clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import mamori.TestKeys;
import mamori.audit.AuditAction;
import mamori.audit.AuditEntryStore;
import mamori.audit.AuditLog;
import mamori.audit.AuditSigningKey;
import mamori.audit.AuditUnavailableException;
import mamori.audit.StoredEntry;
import mamori.identity.Person;
import mamori.identity.PersonRepository;
import mamori.identity.Role;
import mamori.identity.Session;
import mamori.identity.Terminal;
import mamori.policy.ClockStatus;
import mamori.store.Database;
import mamori.store.SchemaMigrations;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The clock watch on a real audit log in a real H2 file, with a wall clock and a monotonic clock
/// the test moves: each `tick` lets both run on by the same seconds, `turn` sets the wall clock alone.
class ClockWatchTest {

    private static final Instant START = Instant.parse("2026-11-24T01:00:00Z");
    private static final Terminal TERMINAL = new Terminal("T-1", "kiosk");
    private static final Session SUPERVISOR = session(new Person("supervisor", "監督者", Set.of(Role.SUPERVISOR), true));
    private static final Session OPERATOR = session(new Person("operator", "職員", Set.of(Role.OPERATOR), true));
    private static final Session ADMINISTRATOR = session(new Person("admin", "管理者", Set.of(Role.ADMINISTRATOR), true));

    @TempDir
    Path dir;
    private final MovableClock wall = new MovableClock(START);
    private final AtomicLong nanos = new AtomicLong(7_000_000_000L);
    private Database database;
    private AuditLog audit;
    private ClockWatch watch;

    private static Session session(Person person) {
        return new Session("session-" + person.id(), person, TERMINAL, START);
    }

    @BeforeEach
    void openDatabase() throws Exception {
        database = Database.open(dir.resolve("db"), TestKeys.fileKey("clock"), "u".toCharArray());
        new SchemaMigrations(SchemaMigrations.ALL, wall).migrate(database);
        database.inTransaction(connection -> {
            for (Session session : List.of(SUPERVISOR, OPERATOR, ADMINISTRATOR)) {
                PersonRepository.insert(connection, session.person(), START);
            }
            return null;
        });
        audit = openAudit();
    }

    private AuditLog openAudit() throws AuditUnavailableException {
        return new AuditLog(database, new AuditSigningKey(new Ed25519PrivateKeyParameters(new byte[32], 0)), "T-1",
                "run-" + nanos.get(), wall, nanos::get);
    }

    private ClockWatch openWatch() throws Exception {
        return ClockWatch.open(new ClockRepository(database), audit, wall, nanos::get, ClockSanity.DEFAULT_THRESHOLD);
    }

    @AfterEach
    void close() {
        if (watch != null) {
            watch.close();
        }
        audit.close();
        database.close();
    }

    private void tick(long seconds) {
        nanos.addAndGet(Duration.ofSeconds(seconds).toNanos());
        wall.set(wall.instant().plusSeconds(seconds));
    }

    private void turn(Duration by) {
        wall.set(wall.instant().plus(by));
    }

    private List<StoredEntry> entries(AuditAction action) throws Exception {
        return new AuditEntryStore(database).byAction(action);
    }

    @Test
    void aClockTurnedForwardIsRecordedOnceAndClosesFootageUntilASupervisorAcknowledges() throws Exception {
        watch = openWatch();
        tick(5);
        watch.check();
        assertEquals(ClockStatus.TRUSTED, watch.status());

        tick(5);
        turn(Duration.ofHours(3));
        watch.check();
        assertEquals(ClockStatus.JUMP_UNACKNOWLEDGED, watch.status());
        tick(5);
        watch.check();
        tick(5);
        watch.check();

        List<StoredEntry> jumps = entries(AuditAction.CLOCK_JUMP_DETECTED);
        assertEquals(1, jumps.size(), "one entry for one jump, however many samples follow");
        String text = jumps.getFirst().canonical();
        assertTrue(text.contains("\"direction\":\"FORWARD\"") && text.contains("\"skewSeconds\":10800")
                && text.contains("\"from\":\"2026-11-24T01:00:10Z\"") && text.contains("\"to\":\"2026-11-24T04:00:10Z\""), text);
        assertEquals(START.plusSeconds(20), watch.trustedNow(), "trusted time ignores the jump");
        assertEquals(Optional.of(ClockJump.Direction.FORWARD), watch.unacknowledgedJump().map(ClockJump::direction));

        watch.acknowledge(SUPERVISOR);
        assertEquals(ClockStatus.TRUSTED, watch.status());
        assertEquals(Optional.empty(), watch.unacknowledgedJump());
        List<StoredEntry> acknowledged = entries(AuditAction.CONFIGURATION_CHANGE);
        assertEquals(1, acknowledged.size());
        assertEquals("supervisor", acknowledged.getFirst().personId());
        assertEquals("session-supervisor", acknowledged.getFirst().sessionId());
        assertTrue(acknowledged.getFirst().canonical().contains("\"change\":\"clock jump acknowledged\""),
                acknowledged.getFirst().canonical());

        tick(5);
        watch.check();
        assertEquals(ClockStatus.TRUSTED, watch.status(), "the acknowledged offset is no new jump");
        assertEquals(1, entries(AuditAction.CLOCK_JUMP_DETECTED).size());
        assertEquals(START.plusSeconds(25), watch.trustedNow());
        assertEquals(START.plusSeconds(25), watch.trustedClock().instant());
    }

    @Test
    void aClockTurnedBackIsRecordedAsBackward() throws Exception {
        watch = openWatch();
        tick(5);
        turn(Duration.ofHours(-1));
        watch.check();
        assertEquals(ClockStatus.JUMP_UNACKNOWLEDGED, watch.status());
        tick(5);
        watch.check();
        List<StoredEntry> jumps = entries(AuditAction.CLOCK_JUMP_DETECTED);
        assertEquals(1, jumps.size());
        assertTrue(jumps.getFirst().canonical().contains("\"direction\":\"BACKWARD\"")
                && jumps.getFirst().canonical().contains("\"skewSeconds\":3600"), jumps.getFirst().canonical());
        assertEquals(START.plusSeconds(10), watch.trustedNow(), "turning the clock back does not move the policy's instant");

        watch.acknowledge(ADMINISTRATOR);
        assertEquals(ClockStatus.TRUSTED, watch.status());
        assertEquals("admin", entries(AuditAction.CONFIGURATION_CHANGE).getFirst().personId());
    }

    @Test
    void anOperatorCannotAcknowledgeAndNothingIsRecordedForTrying() throws Exception {
        watch = openWatch();
        tick(5);
        turn(Duration.ofHours(1));
        watch.check();
        assertThrows(IllegalArgumentException.class, () -> watch.acknowledge(OPERATOR));
        assertEquals(ClockStatus.JUMP_UNACKNOWLEDGED, watch.status());
        assertEquals(List.of(), entries(AuditAction.CONFIGURATION_CHANGE));
    }

    @Test
    void aClockTurnedBackWhileTheKioskWasOffIsCaughtAtTheNextStart() throws Exception {
        watch = openWatch();
        tick(60);
        watch.check();
        watch.close();

        // Off for a while; the monotonic clock starts anew and the wall clock reads a day earlier.
        nanos.set(1_000_000_000L);
        wall.set(START.minus(Duration.ofDays(1)));
        watch = openWatch();
        assertEquals(ClockStatus.JUMP_UNACKNOWLEDGED, watch.status());
        List<StoredEntry> jumps = entries(AuditAction.CLOCK_JUMP_DETECTED);
        assertEquals(1, jumps.size());
        assertTrue(jumps.getFirst().canonical().contains("\"direction\":\"BACKWARD\""), jumps.getFirst().canonical());
        assertEquals(START.plusSeconds(60), watch.trustedNow(), "trusted time resumes where it was recorded");
    }

    @Test
    void anUnacknowledgedJumpSurvivesARestart() throws Exception {
        watch = openWatch();
        tick(5);
        turn(Duration.ofHours(2));
        watch.check();
        watch.close();

        tick(30);
        watch = openWatch();
        assertEquals(ClockStatus.JUMP_UNACKNOWLEDGED, watch.status(), "restarting does not clear the jump");
        assertEquals(1, entries(AuditAction.CLOCK_JUMP_DETECTED).size(), "nor records it again");
        watch.acknowledge(SUPERVISOR);
        watch.close();

        tick(30);
        watch = openWatch();
        assertEquals(ClockStatus.TRUSTED, watch.status(), "an acknowledgement is kept too");
    }

    @Test
    void aJumpTheLogCannotRecordStaysUnacknowledgedAndIsRecordedOnceTheLogIsBack() throws Exception {
        // (The wall clock is set right before the restart: still two hours behind, it would be a second jump.)
        watch = openWatch();
        audit.close();
        tick(5);
        turn(Duration.ofHours(-2));
        watch.check();
        assertEquals(ClockStatus.JUMP_UNACKNOWLEDGED, watch.status());
        assertTrue(watch.recordingProblem().isPresent());
        assertThrows(AuditUnavailableException.class, () -> watch.acknowledge(SUPERVISOR));
        assertEquals(ClockStatus.JUMP_UNACKNOWLEDGED, watch.status(), "fail closed");
        assertEquals(List.of(), entries(AuditAction.CLOCK_JUMP_DETECTED));
        watch.close();

        audit = openAudit();
        tick(5);
        wall.set(START.plusSeconds(10));
        watch = openWatch();
        assertEquals(1, entries(AuditAction.CLOCK_JUMP_DETECTED).size(), "the stored jump is recorded at the next start");
        assertEquals(Optional.empty(), watch.recordingProblem());
        assertEquals(ClockStatus.JUMP_UNACKNOWLEDGED, watch.status());
        watch.acknowledge(SUPERVISOR);
        assertEquals(ClockStatus.TRUSTED, watch.status());
    }

    @Test
    void theSamplerFindsAJumpOnItsOwn() throws Exception {
        watch = openWatch();
        watch.startSampling(Duration.ofMillis(20));
        turn(Duration.ofHours(1));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (watch.status() == ClockStatus.TRUSTED && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(ClockStatus.JUMP_UNACKNOWLEDGED, watch.status());
        while (entries(AuditAction.CLOCK_JUMP_DETECTED).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Thread.sleep(200);
        assertEquals(1, entries(AuditAction.CLOCK_JUMP_DETECTED).size(), "recorded once while sampling goes on");
    }

    /// A wall clock the test sets.
    private static final class MovableClock extends Clock {

        private volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
