package mamori.export.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import mamori.TestKeys;
import mamori.audit.AuditAction;
import mamori.audit.AuditEntryStore;
import mamori.audit.AuditLog;
import mamori.audit.AuditSigningKey;
import mamori.audit.StoredEntry;
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
import mamori.usb.ApprovedMedia;
import mamori.usb.MediaIdentity;
import mamori.usb.Volume;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/// A real encrypted H2 file with one camera, its export's requester (an operator with
/// REQUEST_EXPORT), its approver (a supervisor with APPROVE_EXPORT), an operator without any
/// export right, an administrator who approves media, a real audit log and the approved-media list.
/// The packages are random bytes made here (no footage).
public final class ExportMediaFixture implements AutoCloseable {

    public static final Instant NOW = Instant.parse("2026-12-01T02:00:00Z");
    public static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    public static final Terminal TERMINAL = new Terminal("T-MEDIA", "kiosk");
    public static final Person REQUESTER = new Person("op-1", "依頼 一郎", Set.of(Role.OPERATOR), true);
    public static final Person APPROVER = new Person("sv-1", "承認 花子", Set.of(Role.SUPERVISOR), true);
    public static final Person BYSTANDER = new Person("op-2", "無関係 次郎", Set.of(Role.OPERATOR), true);
    public static final Person ADMIN = new Person("admin-1", "管理 太郎", Set.of(Role.ADMINISTRATOR), true);
    public static final MediaIdentity STICK = new MediaIdentity("0781", "5567", "4C530001231219117142");

    public final Database database;
    public final AuditLog log;
    public final AuditEntryStore entries;
    public final ApprovedMedia approved;
    public final CameraCatalog catalog;
    public final List<Volume> mounted = new CopyOnWriteArrayList<>();

    public ExportMediaFixture(Path dir) throws Exception {
        database = Database.open(dir.resolve("db"), TestKeys.fileKey("export-media"), "user".toCharArray());
        new SchemaMigrations(SchemaMigrations.ALL, CLOCK).migrate(database);
        database.inTransaction(connection -> {
            for (Person person : List.of(REQUESTER, APPROVER, BYSTANDER, ADMIN)) {
                PersonRepository.insert(connection, person, NOW);
            }
            CameraRepository.insert(connection, new Camera("cam-1", "CAM-01", "玄関", "1F", Camera.SourceKind.RECORDING_STORE), 0);
            CameraRepository.insert(connection, Grant.toPerson(REQUESTER.id(), Optional.of("cam-1"), Permission.REQUEST_EXPORT));
            CameraRepository.insert(connection, Grant.toRole(Role.SUPERVISOR, Optional.empty(), Permission.APPROVE_EXPORT));
            CameraRepository.insert(connection, Grant.toRole(Role.ADMINISTRATOR, Optional.empty(), Permission.ADMINISTER));
            return null;
        });
        log = new AuditLog(database, new AuditSigningKey(new Ed25519PrivateKeyParameters(new byte[32], 0)), TERMINAL.id(), "run-1",
                CLOCK, System::nanoTime);
        entries = new AuditEntryStore(database);
        approved = new ApprovedMedia(database, log, CLOCK);
        AccessConditions conditions = new AccessConditions(ViewingHours.noneSet(ZoneId.of("Asia/Tokyo")), true, ClockStatus.TRUSTED);
        catalog = new CameraCatalog(new CameraRepository(database), new AccessPolicy(), CLOCK, () -> conditions);
    }

    public static Session session(Person person) {
        return new Session("session-" + person.id(), person, TERMINAL, NOW);
    }

    public ExportCopier copier(Optional<Path> folder) {
        return copier(folder, partial -> { });
    }

    ExportCopier copier(Optional<Path> folder, ExportCopier.BeforeReadBack hook) {
        return new ExportCopier(approved, () -> List.copyOf(mounted), folder, catalog, log, VolumeNames.none(), hook);
    }

    /// A staged package of `bytes` random bytes in `staging`, named after its export.
    public static StagedExport stage(Path staging, String exportId, int bytes) throws Exception {
        Files.createDirectories(staging);
        byte[] content = new byte[bytes];
        new Random(exportId.hashCode()).nextBytes(content);
        Path file = staging.resolve(exportId + ".mamori-export");
        Files.write(file, content);
        return new StagedExport(exportId, "cam-1", file, sha256(content), bytes, REQUESTER.id(), APPROVER.id());
    }

    public static String sha256(byte[] content) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    }

    public static String sha256(Path file) throws Exception {
        return sha256(Files.readAllBytes(file));
    }

    public List<StoredEntry> entries(AuditAction action) throws Exception {
        return entries.byAction(action);
    }

    public static List<Path> files(Path dir) throws IOException {
        try (var listing = Files.list(dir)) {
            return listing.sorted().toList();
        }
    }

    @Override
    public void close() {
        log.close();
        database.close();
    }
}
