package mamori.schedule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import mamori.audit.AuditAction;
import mamori.audit.AuditEntryStore;
import mamori.audit.AuditLog;
import mamori.audit.AuditSigningKey;
import mamori.audit.AuditUnavailableException;
import mamori.audit.StoredEntry;
import mamori.camera.AdministrationDeniedException;
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
import mamori.policy.DenialReason;
import mamori.policy.ExceptionDate;
import mamori.policy.Grant;
import mamori.policy.Permission;
import mamori.policy.ViewingSchedule;
import mamori.policy.WeeklyWindow;
import mamori.store.Database;
import mamori.store.SchemaMigrations;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Every change of viewing hours is a signed `CONFIGURATION_CHANGE` with the old and new schedule,
/// on a real encrypted H2 file, and no change happens that the log did not record.
class ViewingHoursAdministrationTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T03:00:00Z"), ZoneOffset.UTC);
    private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
    private static final Person ADMIN = new Person("admin-1", "管理 太郎", Set.of(Role.ADMINISTRATOR), true);
    private static final Person SUPERVISOR = new Person("sup-1", "佐藤 花子", Set.of(Role.SUPERVISOR), true);
    private static final Terminal TERMINAL = new Terminal("T-TEST", "test");
    private static final ViewingSchedule DAYTIME = ViewingSchedule.weekly(
            new WeeklyWindow(DayOfWeek.MONDAY, LocalTime.of(8, 30), LocalTime.of(17, 15)))
            .withExceptions(ExceptionDate.closed(LocalDate.of(2026, 12, 29)));
    private static final ScheduleOwner OPERATORS = new ScheduleOwner.OfRole(Role.OPERATOR);

    @TempDir
    Path dir;
    private Database database;
    private AuditLog log;
    private AuditEntryStore entries;
    private ViewingHoursAdministration administration;
    private ViewingHoursRepository repository;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(dir.resolve("db"), mamori.TestKeys.fileKey("schedule"), "user".toCharArray());
        new SchemaMigrations(SchemaMigrations.ALL, CLOCK).migrate(database);
        database.inTransaction(connection -> {
            PersonRepository.insert(connection, ADMIN, CLOCK.instant());
            PersonRepository.insert(connection, SUPERVISOR, CLOCK.instant());
            CameraRepository.insert(connection, new Camera("cam-1", "CAM-01", "玄関", "1F", Camera.SourceKind.RECORDING_STORE), 0);
            CameraRepository.insert(connection, Grant.toRole(Role.ADMINISTRATOR, Optional.empty(), Permission.ADMINISTER));
            CameraRepository.insert(connection, Grant.toRole(Role.SUPERVISOR, Optional.empty(), Permission.VIEW_RECORDINGS));
            return null;
        });
        log = new AuditLog(database, new AuditSigningKey(new Ed25519PrivateKeyParameters(new byte[32], 0)), TERMINAL.id(), "run-1",
                CLOCK, System::nanoTime);
        entries = new AuditEntryStore(database);
        repository = new ViewingHoursRepository(database, TOKYO);
        AccessConditions conditions = new AccessConditions(mamori.policy.ViewingHours.noneSet(TOKYO), true, ClockStatus.TRUSTED);
        CameraCatalog catalog = new CameraCatalog(new CameraRepository(database), new AccessPolicy(), CLOCK, () -> conditions);
        administration = new ViewingHoursAdministration(database, catalog, log);
    }

    @AfterEach
    void close() {
        log.close();
        database.close();
    }

    private static Session session(Person person) {
        return new Session("session-" + person.id(), person, TERMINAL, CLOCK.instant());
    }

    private List<StoredEntry> changes() throws Exception {
        return entries.byAction(AuditAction.CONFIGURATION_CHANGE);
    }

    @Test
    void settingChangingAndRemovingHoursAreEachRecordedWithOldAndNew() throws Exception {
        administration.set(session(ADMIN), OPERATORS, DAYTIME);
        administration.set(session(ADMIN), OPERATORS, DAYTIME);
        assertEquals(Optional.of(DAYTIME), administration.schedule(OPERATORS));
        assertEquals(DAYTIME, repository.viewingHours().byRole().get(Role.OPERATOR));
        assertEquals(1, changes().size(), "an unchanged schedule is not a change");
        String first = changes().getFirst().canonical();
        assertTrue(first.contains("\"setting\":\"viewing hours\""), first);
        assertTrue(first.contains("\"owner\":{\"role\":\"OPERATOR\"}"), first);
        assertTrue(first.contains("\"old\":\"none\""), first);
        assertTrue(first.contains("\"new\":[\"MONDAY 08:30-17:15\",\"2026-12-29 closed\"]"), first);
        assertEquals(ADMIN.id(), changes().getFirst().personId());

        administration.set(session(ADMIN), new ScheduleOwner.OfPerson(SUPERVISOR.id()), ViewingSchedule.never());
        String second = changes().get(1).canonical();
        assertTrue(second.contains("\"owner\":{\"person\":\"sup-1\"}") && second.contains("\"new\":[]"), second);

        administration.clear(session(ADMIN), OPERATORS);
        administration.clear(session(ADMIN), OPERATORS);
        assertEquals(Optional.empty(), administration.schedule(OPERATORS));
        assertEquals(3, changes().size(), "removing what is not there is not a change");
        String third = changes().get(2).canonical();
        assertTrue(third.contains("\"old\":[\"MONDAY 08:30-17:15\",\"2026-12-29 closed\"]") && third.contains("\"new\":\"none\""), third);
    }

    @Test
    void onlyWhoAdministersEveryCameraMayChangeHoursAndARefusalIsRecorded() throws Exception {
        var refused = assertThrows(AdministrationDeniedException.class,
                () -> administration.set(session(SUPERVISOR), new ScheduleOwner.OfPerson(SUPERVISOR.id()), ViewingSchedule.always()));
        assertEquals(DenialReason.NO_GRANT, refused.reason());
        assertEquals(Optional.empty(), administration.schedule(new ScheduleOwner.OfPerson(SUPERVISOR.id())));
        assertEquals(0, changes().size());
        List<StoredEntry> denials = entries.byAction(AuditAction.POLICY_DENIAL);
        assertEquals(1, denials.size());
        assertTrue(denials.getFirst().canonical().contains("\"setting\":\"viewing hours\""), denials.getFirst().canonical());
    }

    @Test
    void whenTheLogRefusesTheEntryTheHoursStayAsTheyWere() throws Exception {
        administration.set(session(ADMIN), OPERATORS, DAYTIME);
        log.close();
        assertThrows(AuditUnavailableException.class, () -> administration.set(session(ADMIN), OPERATORS, ViewingSchedule.always()));
        assertThrows(AuditUnavailableException.class, () -> administration.clear(session(ADMIN), OPERATORS));
        assertEquals(Optional.of(DAYTIME), administration.schedule(OPERATORS));
    }
}
