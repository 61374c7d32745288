package mamori.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import mamori.audit.AuditEntryStore;
import mamori.audit.AuditLog;
import mamori.audit.AuditSigningKey;
import mamori.audit.AuditUnavailableException;
import mamori.fingerprint.FingerSimulator.SimulatedFinger;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import mamori.fingerprint.emulated.InProcessEmulatedReader;
import mamori.store.Database;
import mamori.store.SchemaMigrations;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginServiceTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T01:02:03Z"), ZoneOffset.UTC);
    private static final SimulatedFinger NURSE_RIGHT = new SimulatedFinger(Optional.of("Nurse"), "RIGHT_INDEX", OptionalInt.of(4));
    private static final SimulatedFinger FORMER_RIGHT = new SimulatedFinger(Optional.of("Former"), "RIGHT_INDEX", OptionalInt.of(6));
    private static final SimulatedFinger ENROLLED_ON_MODULE_ONLY =
            new SimulatedFinger(Optional.of("Nobody"), "RIGHT_INDEX", OptionalInt.of(9));

    @TempDir
    Path dir;
    private Database database;
    private InProcessEmulatedReader reader;
    private AuditLog audit;
    private LoginService login;

    @BeforeEach
    void setUp() throws Exception {
        database = Database.open(dir.resolve("db"), mamori.TestKeys.fileKey("k"), "u".toCharArray());
        new SchemaMigrations(SchemaMigrations.ALL, CLOCK).migrate(database);
        database.inTransaction(connection -> {
            PersonRepository.insert(connection, new Person("nurse", "Nurse", Set.of(Role.OPERATOR), true), CLOCK.instant());
            PersonRepository.insert(connection, new Person("former", "Former", Set.of(Role.OPERATOR), false), CLOCK.instant());
            PersonRepository.enrol(connection, new PersonRepository.Enrolment("reader-1", 4, "nurse", "RIGHT_INDEX"), CLOCK.instant());
            PersonRepository.enrol(connection, new PersonRepository.Enrolment("reader-1", 6, "former", "RIGHT_INDEX"), CLOCK.instant());
            return null;
        });
        reader = new InProcessEmulatedReader("reader-1", List.of(NURSE_RIGHT, FORMER_RIGHT, ENROLLED_ON_MODULE_ONLY));
        byte[] seed = new byte[32];
        audit = new AuditLog(database, new AuditSigningKey(new Ed25519PrivateKeyParameters(seed, 0)), "T-1", "run", CLOCK,
                System::nanoTime);
        login = serviceWith(reader);
    }

    private LoginService serviceWith(mamori.fingerprint.FingerprintReader fingers) {
        Terminal terminal = new Terminal("T-1", "kiosk");
        TerminalLockout lockout = new TerminalLockout(new LockoutRepository(database), audit, terminal.id(), LoginLimits.DEFAULTS, CLOCK);
        return new LoginService(fingers, new PersonRepository(database), new SessionRepository(database), lockout, terminal, () -> true, audit,
                LoginLimits.DEFAULTS, CLOCK);
    }

    @AfterEach
    void tearDown() {
        audit.close();
        database.close();
    }

    private List<String> auditedActions() throws Exception {
        List<String> actions = new java.util.ArrayList<>();
        new AuditEntryStore(database).scan(entry -> actions.add(entry.action() + ":" + entry.personId()));
        return actions;
    }

    @Test
    void anEnrolledFingerLogsItsOwnerIn() throws Exception {
        reader.place(NURSE_RIGHT);
        LoginAttempt.LoggedIn loggedIn = assertInstanceOf(LoginAttempt.LoggedIn.class, login.awaitFinger(Duration.ofSeconds(1)));
        assertEquals("nurse", loggedIn.session().person().id());
        assertEquals(CLOCK.instant(), loggedIn.session().startedAt());
        assertEquals(Optional.of(loggedIn.session()), login.currentSession());
        login.logout();
        assertTrue(login.currentSession().isEmpty());
        assertEquals(List.of("LOGIN:nurse", "LOGOUT:nurse"), auditedActions());
    }

    @Test
    void aLoginThatCannotBeRecordedDoesNotHappen() throws Exception {
        audit.close();
        reader.place(NURSE_RIGHT);
        assertInstanceOf(LoginAttempt.AuditFailed.class, login.awaitFinger(Duration.ofSeconds(1)));
        assertTrue(login.currentSession().isEmpty(), "no session without its audit entry");
    }

    @Test
    void aLogoutThatCannotBeRecordedKeepsTheSession() throws Exception {
        reader.place(NURSE_RIGHT);
        login.awaitFinger(Duration.ofSeconds(1));
        audit.close();
        assertThrows(AuditUnavailableException.class, login::logout);
        assertTrue(login.currentSession().isPresent());
    }

    @Test
    void anUnknownFingerIsRefused() throws Exception {
        reader.place(SimulatedFinger.unknown());
        assertEquals(new LoginAttempt.Refused(LoginAttempt.Reason.UNKNOWN_FINGER), login.awaitFinger(Duration.ofSeconds(1)));
        assertTrue(login.currentSession().isEmpty());
        assertEquals(List.of("LOGIN_FAILED:null"), auditedActions());
    }

    @Test
    void aTemplateOnTheModuleThatBelongsToNobodyIsRefused() throws Exception {
        reader.place(ENROLLED_ON_MODULE_ONLY);
        assertEquals(new LoginAttempt.Refused(LoginAttempt.Reason.UNKNOWN_FINGER), login.awaitFinger(Duration.ofSeconds(1)));
    }

    @Test
    void anInactivePersonIsRefused() throws Exception {
        reader.place(FORMER_RIGHT);
        assertEquals(new LoginAttempt.Refused(LoginAttempt.Reason.INACTIVE_PERSON), login.awaitFinger(Duration.ofSeconds(1)));
        assertTrue(login.currentSession().isEmpty());
        assertEquals(List.of("LOGIN_FAILED:former"), auditedActions());
    }

    @Test
    void noFingerWithinTheTimeoutIsNoFinger() throws Exception {
        long started = System.nanoTime();
        assertEquals(new LoginAttempt.NoFinger(), login.awaitFinger(Duration.ofMillis(200)));
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(2).toNanos());
    }

    @Test
    void aReaderThatStopsAndStartsAnsweringIsRecordedOnceEachWay() throws Exception {
        // An in-process scripted reader: the state-change logic is what is tested here; the real
        // serial driver's faults are tested against the R30x emulator over a pty.
        java.util.Deque<mamori.fingerprint.Identification> script = new java.util.ArrayDeque<>(List.of(
                new mamori.fingerprint.Identification.NoFinger(),
                new mamori.fingerprint.Identification.ReaderFault("no answer"),
                new mamori.fingerprint.Identification.ReaderFault("no answer"),
                new mamori.fingerprint.Identification.ReaderFault("no answer"),
                new mamori.fingerprint.Identification.NoFinger(),
                new mamori.fingerprint.Identification.NoFinger()));
        mamori.fingerprint.FingerprintReader scripted = new mamori.fingerprint.FingerprintReader() {
            public String readerId() {
                return "reader-1";
            }

            public String model() {
                return "scripted";
            }

            public mamori.fingerprint.Identification identify(Duration timeout) {
                return script.removeFirst();
            }

            public void close() {
            }
        };
        var service = serviceWith(scripted);
        for (int i = 0; i < 6; i++) {
            service.awaitFinger(Duration.ofMillis(10));
        }
        assertEquals(List.of("READER_LOST:null", "READER_CONNECTED:null"), auditedActions());
    }

    @Test
    void aClosedReaderIsAReaderFailure() throws Exception {
        reader.close();
        assertInstanceOf(LoginAttempt.ReaderFailed.class, login.awaitFinger(Duration.ofMillis(100)));
    }
}
