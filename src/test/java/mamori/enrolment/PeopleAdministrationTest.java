package mamori.enrolment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import mamori.audit.AuditAction;
import mamori.audit.AuditEntryStore;
import mamori.audit.AuditLog;
import mamori.audit.AuditSigningKey;
import mamori.audit.AuditUnavailableException;
import mamori.identity.Person;
import mamori.identity.PersonRepository;
import mamori.identity.Role;
import mamori.identity.Session;
import mamori.identity.Terminal;
import mamori.policy.Decision;
import mamori.policy.DenialReason;
import mamori.store.Database;
import mamori.store.SchemaMigrations;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeopleAdministrationTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T01:02:03Z"), ZoneOffset.UTC);
    private static final Terminal TERMINAL = new Terminal("T-1", "kiosk");
    private static final Person ADMIN = new Person("admin", "Admin", Set.of(Role.ADMINISTRATOR), true);
    private static final Person NURSE = new Person("nurse", "Nurse", Set.of(Role.OPERATOR), true);

    @TempDir
    Path directory;
    private Database database;
    private AuditLog audit;
    private PersonRepository people;
    private PeopleAdministration administration;
    private final Session admin = new Session("s-admin", ADMIN, TERMINAL, CLOCK.instant());
    private final Session nurse = new Session("s-nurse", NURSE, TERMINAL, CLOCK.instant());

    @BeforeEach
    void open() throws Exception {
        database = Database.open(directory.resolve("db"), mamori.TestKeys.fileKey("k"), "u".toCharArray());
        new SchemaMigrations(SchemaMigrations.ALL, CLOCK).migrate(database);
        database.inTransaction(connection -> {
            PersonRepository.insert(connection, ADMIN, CLOCK.instant());
            PersonRepository.insert(connection, NURSE, CLOCK.instant());
            return null;
        });
        audit = new AuditLog(database, new AuditSigningKey(new Ed25519PrivateKeyParameters(new byte[32], 0)), TERMINAL.id(), "run",
                CLOCK, System::nanoTime);
        people = new PersonRepository(database);
        administration = new PeopleAdministration(database, people, by -> by.person().holds(Role.ADMINISTRATOR) ? Decision.allow()
                : Decision.deny(DenialReason.NO_GRANT), audit, CLOCK);
    }

    @AfterEach
    void close() {
        audit.close();
        database.close();
    }

    private Person stored(String id) throws Exception {
        return people.all().stream().filter(person -> person.id().equals(id)).findFirst().orElseThrow();
    }

    private List<String> changes() throws Exception {
        return new AuditEntryStore(database).byAction(AuditAction.CONFIGURATION_CHANGE).stream().map(entry -> entry.canonical()).toList();
    }

    @Test
    void addedRolesChangedAndDeactivatedEachWithOldAndNew() throws Exception {
        Person added = administration.add(admin, "  New Nurse ", Set.of(Role.OPERATOR));
        assertEquals(new Person(added.id(), "New Nurse", Set.of(Role.OPERATOR), true), stored(added.id()));
        administration.setRoles(admin, added.id(), Set.of(Role.OPERATOR, Role.SUPERVISOR));
        administration.setRoles(admin, added.id(), Set.of(Role.SUPERVISOR, Role.OPERATOR));
        administration.setActive(admin, added.id(), false);
        assertEquals(new Person(added.id(), "New Nurse", Set.of(Role.OPERATOR, Role.SUPERVISOR), false), stored(added.id()));
        List<String> changes = changes();
        assertEquals(3, changes.size(), "an unchanged role set is not recorded");
        assertTrue(changes.get(0).contains("\"old\":{}") && changes.get(0).contains("\"name\":\"New Nurse\""), changes.get(0));
        assertTrue(changes.get(1).contains("\"roles\":[\"OPERATOR\"]") && changes.get(1).contains("\"roles\":[\"OPERATOR\",\"SUPERVISOR\"]"),
                changes.get(1));
        assertTrue(changes.get(2).contains("\"active\":true") && changes.get(2).contains("\"active\":false"), changes.get(2));
    }

    @Test
    void theLastActiveAdministratorStays() throws Exception {
        assertEquals(EnrolmentRefusedException.Reason.LAST_ADMINISTRATOR,
                assertThrows(EnrolmentRefusedException.class, () -> administration.setActive(admin, "admin", false)).reason());
        assertEquals(EnrolmentRefusedException.Reason.LAST_ADMINISTRATOR,
                assertThrows(EnrolmentRefusedException.class, () -> administration.setRoles(admin, "admin", Set.of(Role.AUDITOR))).reason());
        administration.setRoles(admin, "nurse", Set.of(Role.OPERATOR, Role.ADMINISTRATOR));
        administration.setActive(admin, "admin", false);
        assertFalse(stored("admin").active());
    }

    @Test
    void onlyAdministratorsAndNothingWithoutTheLog() throws Exception {
        assertEquals(EnrolmentRefusedException.Reason.NOT_PERMITTED,
                assertThrows(EnrolmentRefusedException.class, () -> administration.add(nurse, "X", Set.of(Role.OPERATOR))).reason());
        assertEquals(EnrolmentRefusedException.Reason.NO_ROLE,
                assertThrows(EnrolmentRefusedException.class, () -> administration.add(admin, "X", Set.of())).reason());
        assertEquals(EnrolmentRefusedException.Reason.BAD_NAME,
                assertThrows(EnrolmentRefusedException.class, () -> administration.add(admin, " ", Set.of(Role.OPERATOR))).reason());
        audit.close();
        assertThrows(AuditUnavailableException.class, () -> administration.setActive(admin, "nurse", false));
        assertThrows(AuditUnavailableException.class, () -> administration.add(admin, "Y", Set.of(Role.OPERATOR)));
        assertTrue(stored("nurse").active());
        assertEquals(2, people.all().size());
    }
}
