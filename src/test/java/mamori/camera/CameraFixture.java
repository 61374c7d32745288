package mamori.camera;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.Set;
import javax.crypto.spec.SecretKeySpec;
import mamori.audit.AuditEntryStore;
import mamori.audit.AuditLog;
import mamori.audit.AuditSigningKey;
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

/// A real encrypted H2 file with two cameras, an administrator and an operator, a real audit log,
/// and the credential store and administration under test.
final class CameraFixture implements AutoCloseable {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T03:00:00Z"), ZoneOffset.UTC);
    static final Person ADMIN = new Person("admin-1", "管理 太郎", Set.of(Role.ADMINISTRATOR), true);
    static final Person OPERATOR = new Person("op-1", "鈴木 一郎", Set.of(Role.OPERATOR), true);
    static final Terminal TERMINAL = new Terminal("T-TEST", "test");

    final Database database;
    final AuditLog log;
    final AuditEntryStore entries;
    final CredentialStore credentials;
    final CameraSourceRepository sources;
    final CameraAdministration administration;
    final PrivacyMaskAdministration masks;

    CameraFixture(Path dir) throws Exception {
        database = Database.open(dir.resolve("db"), mamori.TestKeys.fileKey("camera"), "user".toCharArray());
        new SchemaMigrations(SchemaMigrations.ALL, CLOCK).migrate(database);
        database.inTransaction(connection -> {
            PersonRepository.insert(connection, ADMIN, CLOCK.instant());
            PersonRepository.insert(connection, OPERATOR, CLOCK.instant());
            CameraRepository.insert(connection, new Camera("cam-1", "CAM-01", "玄関", "1F", Camera.SourceKind.RECORDING_STORE), 0);
            CameraRepository.insert(connection, new Camera("cam-2", "CAM-02", "裏口", "1F", Camera.SourceKind.RECORDING_STORE), 1);
            CameraRepository.insert(connection, Grant.toRole(Role.ADMINISTRATOR, Optional.empty(), Permission.ADMINISTER));
            CameraRepository.insert(connection, Grant.toPerson(OPERATOR.id(), Optional.empty(), Permission.VIEW_RECORDINGS));
            return null;
        });
        log = new AuditLog(database, new AuditSigningKey(new Ed25519PrivateKeyParameters(new byte[32], 0)), TERMINAL.id(), "run-1",
                CLOCK, System::nanoTime);
        entries = new AuditEntryStore(database);
        credentials = new CredentialStore(database, new SecretKeySpec(mamori.TestKeys.fileKey("camera-credentials"), "AES"),
                new SecureRandom(), CLOCK);
        sources = new CameraSourceRepository(database);
        AccessConditions conditions = new AccessConditions(ViewingHours.noneSet(ZoneId.of("Asia/Tokyo")), true, ClockStatus.TRUSTED);
        CameraCatalog catalog = new CameraCatalog(new CameraRepository(database), new AccessPolicy(), CLOCK, () -> conditions);
        administration = new CameraAdministration(database, catalog, credentials, log);
        masks = new PrivacyMaskAdministration(database, administration);
    }

    static Session session(Person person) {
        return new Session("session-" + person.id(), person, TERMINAL, CLOCK.instant());
    }

    @Override
    public void close() {
        log.close();
        database.close();
    }
}
