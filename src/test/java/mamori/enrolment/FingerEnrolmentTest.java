package mamori.enrolment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import mamori.audit.AuditAction;
import mamori.audit.AuditEntryStore;
import mamori.audit.AuditLog;
import mamori.audit.AuditSigningKey;
import mamori.audit.AuditUnavailableException;
import mamori.fingerprint.Deletion;
import mamori.fingerprint.Enrolment;
import mamori.fingerprint.EnrolmentListener;
import mamori.fingerprint.EnrolmentStep;
import mamori.fingerprint.FingerSimulator.SimulatedFinger;
import mamori.fingerprint.Identification;
import mamori.fingerprint.emulated.InProcessEmulatedReader;
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

class FingerEnrolmentTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T01:02:03Z"), ZoneOffset.UTC);
    private static final Terminal TERMINAL = new Terminal("T-1", "kiosk");
    private static final Person ADMIN = new Person("admin", "Admin", Set.of(Role.ADMINISTRATOR), true);
    private static final Person NURSE = new Person("nurse", "Nurse", Set.of(Role.OPERATOR), true);
    private static final SimulatedFinger ADMIN_RIGHT = new SimulatedFinger(Optional.of("Admin"), "RIGHT_INDEX", OptionalInt.of(0));
    private static final SimulatedFinger NURSE_RIGHT = new SimulatedFinger(Optional.of("Nurse"), "RIGHT_INDEX", OptionalInt.of(1));

    @TempDir
    Path directory;
    private Database database;
    private AuditLog audit;
    private InProcessEmulatedReader reader;
    private FingerEnrolment enrolment;
    private final Session admin = new Session("s-admin", ADMIN, TERMINAL, CLOCK.instant());
    private final Session nurse = new Session("s-nurse", NURSE, TERMINAL, CLOCK.instant());

    @BeforeEach
    void open() throws Exception {
        database = Database.open(directory.resolve("db"), mamori.TestKeys.fileKey("k"), "u".toCharArray());
        new SchemaMigrations(SchemaMigrations.ALL, CLOCK).migrate(database);
        database.inTransaction(connection -> {
            PersonRepository.insert(connection, ADMIN, CLOCK.instant());
            PersonRepository.insert(connection, NURSE, CLOCK.instant());
            PersonRepository.enrol(connection, new PersonRepository.Enrolment("reader-1", 0, "admin", "RIGHT_INDEX"), CLOCK.instant());
            PersonRepository.enrol(connection, new PersonRepository.Enrolment("reader-1", 1, "nurse", "RIGHT_INDEX"), CLOCK.instant());
            return null;
        });
        audit = new AuditLog(database, new AuditSigningKey(new Ed25519PrivateKeyParameters(new byte[32], 0)), TERMINAL.id(), "run",
                CLOCK, System::nanoTime);
        reader = new InProcessEmulatedReader("reader-1", List.of(ADMIN_RIGHT, NURSE_RIGHT));
        FingerEnrolment.AdministerRight right = by -> by.person().holds(Role.ADMINISTRATOR) ? Decision.allow()
                : Decision.deny(DenialReason.NO_GRANT);
        enrolment = new FingerEnrolment(database, new PersonRepository(database), reader, right, audit, CLOCK, Duration.ofSeconds(2));
    }

    @AfterEach
    void close() {
        audit.close();
        database.close();
    }

    /// Places `finger` whenever the enrolment asks for a capture, as a person at the reader would.
    private EnrolmentListener placing(SimulatedFinger finger) {
        return step -> {
            if (step instanceof EnrolmentStep.PlaceFinger) {
                reader.place(finger);
            }
        };
    }

    private List<String> changes() throws Exception {
        return new AuditEntryStore(database).byAction(AuditAction.CONFIGURATION_CHANGE).stream().map(entry -> entry.canonical()).toList();
    }

    @Test
    void aNewFingerIsStoredAtTheLowestFreeTemplateRecordedAndThenIdentified() throws Exception {
        Enrolment result = enrolment.enrol(admin, "nurse", Finger.LEFT_THUMB, placing(SimulatedFinger.newFinger()));
        assertEquals(new Enrolment.Stored(2), result);
        assertEquals(Optional.of(NURSE), enrolment.ownerOf(2));
        var fingers = enrolment.people().stream().filter(person -> person.person().id().equals("nurse")).findFirst().orElseThrow().fingers();
        assertEquals(List.of(new FingerEnrolment.EnrolledFinger(1, "RIGHT_INDEX"), new FingerEnrolment.EnrolledFinger(2, "LEFT_THUMB")), fingers);
        List<String> changes = changes();
        assertEquals(1, changes.size());
        assertTrue(changes.getFirst().contains("\"setting\":\"finger enrolment\"") && changes.getFirst().contains("\"finger\":\"LEFT_THUMB\"")
                && changes.getFirst().contains("\"template\":2") && changes.getFirst().contains("\"reader\":\"reader-1\""), changes.getFirst());
        reader.place(new SimulatedFinger(Optional.of("Nurse"), "LEFT_THUMB", OptionalInt.of(2)));
        assertEquals(2, assertInstanceOf(Identification.Matched.class, reader.identify(Duration.ofSeconds(1))).templateId());
    }

    @Test
    void whenTheLogRefusesTheTemplateIsDeletedAgainAndNothingIsEnrolled() throws Exception {
        audit.close();
        assertThrows(AuditUnavailableException.class,
                () -> enrolment.enrol(admin, "nurse", Finger.LEFT_THUMB, placing(SimulatedFinger.newFinger())));
        assertEquals(2, new PersonRepository(database).enrolments("reader-1").size());
        reader.place(new SimulatedFinger(Optional.of("Nurse"), "LEFT_THUMB", OptionalInt.of(2)));
        assertEquals(new Identification.NotRecognised(), reader.identify(Duration.ofSeconds(1)), "template 2 left on the module");
    }

    @Test
    void aFingerThatDidNotCombineChangesNothing() throws Exception {
        var alternating = new java.util.concurrent.atomic.AtomicInteger();
        Enrolment result = enrolment.enrol(admin, "nurse", Finger.LEFT_THUMB, step -> {
            if (step instanceof EnrolmentStep.PlaceFinger) {
                reader.place(alternating.getAndIncrement() == 0 ? SimulatedFinger.newFinger() : SimulatedFinger.unknown());
            }
        });
        assertEquals(new Enrolment.CapturesMismatch(), result);
        assertEquals(2, new PersonRepository(database).enrolments("reader-1").size());
        assertTrue(changes().isEmpty());
    }

    @Test
    void onlyAnAdministratorEnrolsAndTheRefusalIsRecorded() throws Exception {
        var refused = assertThrows(EnrolmentRefusedException.class,
                () -> enrolment.enrol(nurse, "nurse", Finger.LEFT_THUMB, placing(SimulatedFinger.newFinger())));
        assertEquals(EnrolmentRefusedException.Reason.NOT_PERMITTED, refused.reason());
        assertEquals(Optional.of(DenialReason.NO_GRANT), refused.denial());
        assertEquals(1, new AuditEntryStore(database).byAction(AuditAction.POLICY_DENIAL).size());
        assertThrows(EnrolmentRefusedException.class, () -> enrolment.remove(nurse, "nurse", 1));
        assertEquals(2, new PersonRepository(database).enrolments("reader-1").size());
    }

    @Test
    void theSameFingerOfOnePersonIsNotEnrolledTwice() throws Exception {
        var refused = assertThrows(EnrolmentRefusedException.class,
                () -> enrolment.enrol(admin, "nurse", Finger.RIGHT_INDEX, placing(SimulatedFinger.newFinger())));
        assertEquals(EnrolmentRefusedException.Reason.FINGER_ALREADY_ENROLLED, refused.reason());
    }

    @Test
    void aFingerOnTheModuleUnderAnotherNameIsAlreadyEnrolled() throws Exception {
        assertEquals(new Enrolment.AlreadyEnrolled(1), enrolment.enrol(admin, "admin", Finger.LEFT_INDEX, placing(NURSE_RIGHT)));
        assertEquals(Optional.of(NURSE), enrolment.ownerOf(1));
    }

    @Test
    void theLastFingerOfTheLastAdministratorStaysUntilAnotherIsEnrolled() throws Exception {
        var refused = assertThrows(EnrolmentRefusedException.class, () -> enrolment.remove(admin, "admin", 0));
        assertEquals(EnrolmentRefusedException.Reason.LAST_ADMINISTRATOR_FINGER, refused.reason());
        assertThrows(EnrolmentRefusedException.class, () -> enrolment.reenrol(admin, "admin", 0, placing(SimulatedFinger.newFinger())));

        assertEquals(new Enrolment.Stored(2), enrolment.enrol(admin, "admin", Finger.LEFT_INDEX, placing(SimulatedFinger.newFinger())));
        assertEquals(new Deletion.Deleted(0), enrolment.remove(admin, "admin", 0));
        reader.place(ADMIN_RIGHT);
        assertEquals(new Identification.NotRecognised(), reader.identify(Duration.ofSeconds(1)), "template deleted from the module");
        List<String> changes = changes();
        assertEquals(2, changes.size());
        assertTrue(changes.get(1).contains("\"old\":{\"enrolled\":true") && changes.get(1).contains("\"new\":{\"enrolled\":false"),
                changes.get(1));
    }

    @Test
    void reenrolmentReplacesTheTemplateOfTheSameFinger() throws Exception {
        assertEquals(new Enrolment.Stored(1), enrolment.reenrol(admin, "nurse", 1, placing(SimulatedFinger.newFinger())));
        var nurseFingers = new PersonRepository(database).enrolments("reader-1").stream().filter(held -> held.personId().equals("nurse")).toList();
        assertEquals(List.of(new PersonRepository.Enrolment("reader-1", 1, "nurse", "RIGHT_INDEX")), nurseFingers);
        assertEquals(2, changes().size(), "the removal and the enrolment");
        reader.place(SimulatedFinger.newFinger());
        assertEquals(new Identification.NotRecognised(), reader.identify(Duration.ofSeconds(1)), "a new finger is another after enrolment");
    }
}
