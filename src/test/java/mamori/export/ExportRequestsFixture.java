package mamori.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import mamori.audit.AuditEntryStore;
import mamori.audit.AuditLog;
import mamori.audit.AuditSigningKey;
import mamori.audit.RecordingRange;
import mamori.camera.Camera;
import mamori.camera.CameraCatalog;
import mamori.camera.CameraRepository;
import mamori.identity.Person;
import mamori.identity.PersonRepository;
import mamori.identity.Role;
import mamori.identity.Session;
import mamori.identity.Terminal;
import mamori.policy.AccessConditions;
import mamori.policy.AccessPolicy;
import mamori.policy.ClockStatus;
import mamori.policy.Grant;
import mamori.policy.Permission;
import mamori.policy.ViewingHours;
import mamori.store.Database;
import mamori.store.SchemaMigrations;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/// A real encrypted H2 file with one camera, an operator who may request exports of it, a supervisor
/// who may approve them, a supervisor who may also request, an operator without the right to
/// approve, a real audit log and a clock the test moves.
final class ExportRequestsFixture implements AutoCloseable {

    static final Person OPERATOR = new Person("op-1", "鈴木 一郎", Set.of(Role.OPERATOR), true);
    static final Person SUPERVISOR = new Person("sup-1", "佐藤 花子", Set.of(Role.SUPERVISOR), true);
    static final Person REQUESTING_SUPERVISOR = new Person("sup-2", "田中 次郎", Set.of(Role.SUPERVISOR), true);
    static final Person OTHER_OPERATOR = new Person("op-2", "伊藤 三郎", Set.of(Role.OPERATOR), true);
    static final Terminal TERMINAL = new Terminal("T-TEST", "test");
    static final RecordingRange SPAN = new RecordingRange(Instant.parse("2026-11-23T01:00:00Z"), Instant.parse("2026-11-23T01:05:00Z"));

    final MovableClock clock = new MovableClock(Instant.parse("2026-11-23T03:00:00Z"));
    final Database database;
    final AuditLog log;
    final AuditEntryStore entries;
    final ExportRequests requests;
    final Path staging;

    ExportRequestsFixture(Path dir) throws Exception {
        database = Database.open(dir.resolve("db"), mamori.TestKeys.fileKey("export"), "user".toCharArray());
        new SchemaMigrations(SchemaMigrations.ALL, clock).migrate(database);
        database.inTransaction(connection -> {
            for (Person person : new Person[] {OPERATOR, SUPERVISOR, REQUESTING_SUPERVISOR, OTHER_OPERATOR}) {
                PersonRepository.insert(connection, person, clock.instant());
            }
            CameraRepository.insert(connection, new Camera("cam-1", "CAM-01", "玄関", "1F", Camera.SourceKind.RECORDING_STORE), 0);
            CameraRepository.insert(connection, Grant.toRole(Role.OPERATOR, Optional.of("cam-1"), Permission.REQUEST_EXPORT));
            CameraRepository.insert(connection, Grant.toRole(Role.SUPERVISOR, Optional.empty(), Permission.APPROVE_EXPORT));
            CameraRepository.insert(connection, Grant.toPerson(REQUESTING_SUPERVISOR.id(), Optional.of("cam-1"), Permission.REQUEST_EXPORT));
            return null;
        });
        log = new AuditLog(database, new AuditSigningKey(new Ed25519PrivateKeyParameters(new byte[32], 0)), TERMINAL.id(), "run-1",
                clock, System::nanoTime);
        entries = new AuditEntryStore(database);
        AccessConditions conditions = new AccessConditions(ViewingHours.noneSet(ZoneId.of("Asia/Tokyo")), true, ClockStatus.TRUSTED);
        CameraCatalog catalog = new CameraCatalog(new CameraRepository(database), new AccessPolicy(), clock, () -> conditions);
        requests = new ExportRequests(database, catalog, log, clock, Duration.ofHours(2));
        staging = Files.createDirectories(dir.resolve("exports"));
    }

    static Session session(Person person) {
        return new Session("session-" + person.id(), person, TERMINAL, Instant.parse("2026-11-23T02:50:00Z"));
    }

    ExportRequest requestByOperator() throws Exception {
        return requests.request(session(OPERATOR), "cam-1", SPAN, "窃盗事件の捜査", new Recipient(RecipientKind.POLICE, "中央警察署"));
    }

    @Override
    public void close() {
        log.close();
        database.close();
    }

    /// A clock the test moves forward.
    static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
