package mamori.identity;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import mamori.audit.AuditEntryStore;
import mamori.audit.AuditLog;
import mamori.audit.AuditSigningKey;
import mamori.fingerprint.FingerSimulator.SimulatedFinger;
import mamori.fingerprint.emulated.InProcessEmulatedReader;
import mamori.store.Database;
import mamori.store.SchemaMigrations;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/// A terminal on a real encrypted H2 database with a real audit log, an emulated reader, four people
/// and a clock the test moves. [#restart()] closes the log and the services and opens them again on
/// the same database, as a restarted kiosk does.
final class LoginFixture implements AutoCloseable {

    static final SimulatedFinger NURSE = new SimulatedFinger(Optional.of("Nurse"), "RIGHT_INDEX", OptionalInt.of(4));
    static final SimulatedFinger NURSE_LEFT = new SimulatedFinger(Optional.of("Nurse"), "LEFT_INDEX", OptionalInt.of(5));
    static final SimulatedFinger FORMER = new SimulatedFinger(Optional.of("Former"), "RIGHT_INDEX", OptionalInt.of(6));
    static final SimulatedFinger SUPERVISOR = new SimulatedFinger(Optional.of("Supervisor"), "RIGHT_INDEX", OptionalInt.of(7));
    static final SimulatedFinger ADMIN = new SimulatedFinger(Optional.of("Admin"), "RIGHT_INDEX", OptionalInt.of(8));
    static final SimulatedFinger ON_MODULE_ONLY = new SimulatedFinger(Optional.of("Nobody"), "RIGHT_INDEX", OptionalInt.of(9));
    static final Terminal TERMINAL = new Terminal("T-1", "kiosk");

    final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T01:02:03Z"));
    final Database database;
    final InProcessEmulatedReader reader;
    private final LoginLimits limits;
    /// Whether the terminal counts as registered (a test may take it back).
    final java.util.concurrent.atomic.AtomicBoolean registered = new java.util.concurrent.atomic.AtomicBoolean(true);
    AuditLog audit;
    TerminalLockout lockout;
    LoginService login;
    private int run;

    LoginFixture(Path dir, LoginLimits limits) throws Exception {
        this.limits = limits;
        database = Database.open(dir.resolve("db"), mamori.TestKeys.fileKey("k"), "u".toCharArray());
        new SchemaMigrations(SchemaMigrations.ALL, clock).migrate(database);
        database.inTransaction(connection -> {
            Instant at = clock.instant();
            PersonRepository.insert(connection, new Person("nurse", "Nurse", Set.of(Role.OPERATOR), true), at);
            PersonRepository.insert(connection, new Person("former", "Former", Set.of(Role.OPERATOR), false), at);
            PersonRepository.insert(connection, new Person("supervisor", "Supervisor", Set.of(Role.SUPERVISOR), true), at);
            PersonRepository.insert(connection, new Person("admin", "Admin", Set.of(Role.ADMINISTRATOR), true), at);
            PersonRepository.enrol(connection, new PersonRepository.Enrolment("reader-1", 4, "nurse", "RIGHT_INDEX"), at);
            PersonRepository.enrol(connection, new PersonRepository.Enrolment("reader-1", 5, "nurse", "LEFT_INDEX"), at);
            PersonRepository.enrol(connection, new PersonRepository.Enrolment("reader-1", 6, "former", "RIGHT_INDEX"), at);
            PersonRepository.enrol(connection, new PersonRepository.Enrolment("reader-1", 7, "supervisor", "RIGHT_INDEX"), at);
            PersonRepository.enrol(connection, new PersonRepository.Enrolment("reader-1", 8, "admin", "RIGHT_INDEX"), at);
            return null;
        });
        reader = new InProcessEmulatedReader("reader-1", List.of(NURSE, NURSE_LEFT, FORMER, SUPERVISOR, ADMIN, ON_MODULE_ONLY));
        open();
    }

    private void open() throws Exception {
        audit = new AuditLog(database, new AuditSigningKey(new Ed25519PrivateKeyParameters(new byte[32], 0)), TERMINAL.id(),
                "run-" + run++, clock, System::nanoTime);
        lockout = new TerminalLockout(new LockoutRepository(database), audit, TERMINAL.id(), limits, clock);
        login = new LoginService(reader, new PersonRepository(database), new SessionRepository(database), lockout, TERMINAL, registered::get, audit,
                limits, clock);
    }

    /// Logs in with `factor` asked after each finger from now on (the PIN second factor).
    void useSecondFactor(SecondFactor factor) {
        login = new LoginService(reader, new PersonRepository(database), new SessionRepository(database), lockout, TERMINAL, registered::get,
                audit, limits, clock, factor);
    }

    void restart() throws Exception {
        audit.close();
        open();
    }

    /// Places `finger` and waits for the service's answer.
    LoginAttempt place(SimulatedFinger finger) throws InterruptedException {
        reader.place(finger);
        return login.awaitFinger(Duration.ofSeconds(1));
    }

    SessionDirectory directory() {
        return new SessionDirectory(new SessionRepository(database), audit, clock);
    }

    /// "ACTION:person" for every entry, in order.
    List<String> audited() throws Exception {
        List<String> actions = new ArrayList<>();
        new AuditEntryStore(database).scan(entry -> actions.add(entry.action() + ":" + entry.personId()));
        return actions;
    }

    List<String> canonical(mamori.audit.AuditAction action) throws Exception {
        return new AuditEntryStore(database).byAction(action).stream().map(mamori.audit.StoredEntry::canonical).toList();
    }

    @Override
    public void close() {
        audit.close();
        database.close();
    }

    /// A clock the test moves forward; it stands in for the trusted clock.
    static final class MovableClock extends Clock {

        private volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
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
