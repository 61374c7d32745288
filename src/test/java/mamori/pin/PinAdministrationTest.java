package mamori.pin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import mamori.audit.AuditAction;
import mamori.audit.AuditEntryStore;
import mamori.audit.AuditLog;
import mamori.audit.AuditSigningKey;
import mamori.audit.AuditUnavailableException;
import mamori.identity.Person;
import mamori.identity.PersonRepository;
import mamori.identity.Role;
import mamori.identity.SecondFactor;
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

/// The PIN rules, PINs and allowances on a real encrypted H2 file with a real audit log.
class PinAdministrationTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T01:02:03Z"), ZoneOffset.UTC);
    private static final Argon2Cost CHEAP = new Argon2Cost(64, 1, 1);
    private static final Terminal TERMINAL = new Terminal("T-1", "kiosk");
    private static final Person ADMIN = new Person("admin", "Admin", Set.of(Role.ADMINISTRATOR), true);
    private static final Person NURSE = new Person("nurse", "Nurse", Set.of(Role.OPERATOR), true);
    private static final Person CHECKER = new Person("checker", "Checker", Set.of(Role.OPERATOR, Role.AUDITOR), true);

    @TempDir
    Path directory;
    private Database database;
    private AuditLog audit;
    private PinCheck pins;
    private PinAdministration administration;
    private final Session admin = new Session("s-admin", ADMIN, TERMINAL, CLOCK.instant());
    private final Session nurse = new Session("s-nurse", NURSE, TERMINAL, CLOCK.instant());

    @BeforeEach
    void open() throws Exception {
        database = Database.open(directory.resolve("db"), mamori.TestKeys.fileKey("k"), "u".toCharArray());
        new SchemaMigrations(SchemaMigrations.ALL, CLOCK).migrate(database);
        database.inTransaction(connection -> {
            for (Person person : List.of(ADMIN, NURSE, CHECKER)) {
                PersonRepository.insert(connection, person, CLOCK.instant());
                PersonRepository.setRoles(connection, person.id(), person.roles());
            }
            return null;
        });
        services();
    }

    private void services() throws Exception {
        audit = new AuditLog(database, new AuditSigningKey(new Ed25519PrivateKeyParameters(new byte[32], 0)), TERMINAL.id(), "run",
                CLOCK, System::nanoTime);
        pins = new PinCheck(database, audit, new SecureRandom(), CLOCK, CHEAP);
        administration = new PinAdministration(pins, new PersonRepository(database), by -> by.person().holds(Role.ADMINISTRATOR)
                ? Decision.allow() : Decision.deny(DenialReason.NO_GRANT), audit, CLOCK);
    }

    @AfterEach
    void close() {
        audit.close();
        database.close();
    }

    private List<String> changes() throws Exception {
        return new AuditEntryStore(database).byAction(AuditAction.CONFIGURATION_CHANGE).stream().map(entry -> entry.canonical()).toList();
    }

    @Test
    void noRoleNeedsAPinUntilAnAdministratorSaysSoAndAnyRoleOfAPersonCounts() throws Exception {
        for (Person person : List.of(ADMIN, NURSE, CHECKER)) {
            assertEquals(SecondFactor.Need.NOTHING, pins.needAfterFinger(person));
        }
        administration.requireForRole(admin, Role.AUDITOR, true);
        administration.requireForRole(admin, Role.AUDITOR, true);
        assertEquals(SecondFactor.Need.NOTHING, pins.needAfterFinger(NURSE));
        assertEquals(SecondFactor.Need.PIN_TO_BE_SET, pins.needAfterFinger(CHECKER), "the auditor role of an operator counts");
        assertTrue(pins.mustSetPin(CHECKER));

        List<String> changes = changes();
        assertEquals(1, changes.size(), "an unchanged rule is not recorded");
        assertTrue(changes.getFirst().contains("\"setting\":\"pin required for role\"") && changes.getFirst().contains("\"role\":\"AUDITOR\"")
                && changes.getFirst().contains("\"old\":false") && changes.getFirst().contains("\"new\":true"), changes.getFirst());
        administration.requireForRole(admin, Role.AUDITOR, false);
        assertEquals(SecondFactor.Need.NOTHING, pins.needAfterFinger(CHECKER));
    }

    @Test
    void aPersonSetsTheirOwnPinWhichIsStoredOnlyAsItsHashAndKeptAcrossARestart() throws Exception {
        administration.requireForRole(admin, Role.OPERATOR, true);
        char[] pin = "4821".toCharArray();
        pins.setOwnPin(nurse, pin, "4821".toCharArray());
        assertEquals("\0\0\0\0", new String(pin), "the typed PIN is wiped");

        audit.close();
        database.close();
        database = Database.open(directory.resolve("db"), mamori.TestKeys.fileKey("k"), "u".toCharArray());
        services();
        assertEquals(SecondFactor.Need.PIN, pins.needAfterFinger(NURSE));
        assertTrue(pins.matches(NURSE, "4821".toCharArray()));
        assertFalse(pins.matches(NURSE, "4812".toCharArray()));
        assertFalse(pins.matches(CHECKER, "4821".toCharArray()), "someone else's PIN is not theirs");
        PinHash stored = database.inTransaction(connection -> PinRepository.pin(connection, "nurse")).orElseThrow();
        assertEquals(CHEAP, stored.cost(), "the cost is in the row");

        String entry = changes().getLast();
        assertTrue(entry.contains("\"setting\":\"pin of person\"") && entry.contains("\"old\":\"none\"") && entry.contains("\"new\":\"set\""),
                entry);
        assertFalse(entry.contains("4821") || entry.contains(HexFormat.of().formatHex(stored.hash())), "neither the PIN nor its hash is logged");
    }

    @Test
    void trivialOrMistypedPinsAreRefusedAndNothingIsStored() throws Exception {
        PinRefusedException trivial = assertThrows(PinRefusedException.class,
                () -> pins.setOwnPin(nurse, "1234".toCharArray(), "1234".toCharArray()));
        assertEquals(Optional.of(PinRules.Problem.RUN), trivial.problem());
        assertEquals(PinRefusedException.Reason.REPEAT_DIFFERS, assertThrows(PinRefusedException.class,
                () -> pins.setOwnPin(nurse, "4821".toCharArray(), "4812".toCharArray())).reason());
        assertFalse(pins.hasPin(NURSE));
        assertTrue(changes().isEmpty());
    }

    @Test
    void anAdministratorResetsAPinAndAllowsAndWithdrawsAPinInsteadOfAFinger() throws Exception {
        pins.setOwnPin(nurse, "4821".toCharArray(), "4821".toCharArray());
        administration.resetPin(admin, "nurse");
        administration.resetPin(admin, "nurse");
        assertFalse(pins.hasPin(NURSE));

        administration.allowPinAlone(admin, "checker", "  fingerprints cannot be read (dermatitis)  ", "5093".toCharArray(),
                "5093".toCharArray());
        assertTrue(pins.mayUsePinAlone(CHECKER));
        assertTrue(pins.matches(CHECKER, "5093".toCharArray()), "the person typed their first PIN on the administrator's screen");
        PinAdministration.PersonPins listed = administration.overview().people().stream()
                .filter(row -> row.person().id().equals("checker")).findFirst().orElseThrow();
        assertEquals(Optional.of(new PinAlone("admin", "fingerprints cannot be read (dermatitis)", CLOCK.instant())), listed.pinAlone());
        assertTrue(listed.hasPin());
        assertFalse(pins.mayUsePinAlone(NURSE), "nobody else");

        administration.withdrawPinAlone(admin, "checker");
        administration.withdrawPinAlone(admin, "checker");
        assertFalse(pins.mayUsePinAlone(CHECKER));
        List<String> changes = changes();
        assertEquals(5, changes.size(), "set, reset, allowance, first PIN, withdrawal: " + changes);
        assertTrue(changes.get(1).contains("\"old\":\"set\"") && changes.get(1).contains("\"new\":\"none\"")
                && changes.get(1).contains("administrator reset"), changes.get(1));
        assertTrue(changes.get(2).contains("\"setting\":\"pin instead of finger\"") && changes.get(2).contains("dermatitis")
                && changes.get(2).contains("\"allowed_by\":\"admin\""), changes.get(2));
        assertTrue(changes.get(4).contains("\"new\":\"none\"") && changes.get(4).contains("dermatitis"), changes.get(4));
        assertFalse(String.join("\n", changes).contains("5093"));
    }

    @Test
    void anAllowanceNeedsAReasonAnotherPersonAndAPin() throws Exception {
        assertEquals(PinRefusedException.Reason.NO_REASON_GIVEN, assertThrows(PinRefusedException.class,
                () -> administration.allowPinAlone(admin, "nurse", "  ", "5093".toCharArray(), "5093".toCharArray())).reason());
        assertEquals(PinRefusedException.Reason.OWN_ALLOWANCE, assertThrows(PinRefusedException.class,
                () -> administration.allowPinAlone(admin, "admin", "why", "5093".toCharArray(), "5093".toCharArray())).reason());
        assertEquals(PinRefusedException.Reason.RULE, assertThrows(PinRefusedException.class,
                () -> administration.allowPinAlone(admin, "nurse", "why", new char[0], new char[0])).reason(),
                "a person without a PIN must set one with the allowance");
        assertEquals(PinRefusedException.Reason.UNKNOWN_PERSON, assertThrows(PinRefusedException.class,
                () -> administration.resetPin(admin, "nobody")).reason());
        assertFalse(pins.mayUsePinAlone(NURSE));
        assertTrue(changes().isEmpty());
    }

    @Test
    void onlyAdministratorsAndNothingWithoutTheLog() throws Exception {
        PinRefusedException refused = assertThrows(PinRefusedException.class, () -> administration.requireForRole(nurse, Role.OPERATOR, true));
        assertEquals(Optional.of(DenialReason.NO_GRANT), refused.denial());
        assertEquals(1, new AuditEntryStore(database).byAction(AuditAction.POLICY_DENIAL).size());
        pins.setOwnPin(nurse, "4821".toCharArray(), "4821".toCharArray());

        audit.close();
        assertThrows(AuditUnavailableException.class, () -> administration.requireForRole(admin, Role.OPERATOR, true));
        assertThrows(AuditUnavailableException.class, () -> administration.resetPin(admin, "nurse"));
        assertThrows(AuditUnavailableException.class,
                () -> administration.allowPinAlone(admin, "checker", "why", "5093".toCharArray(), "5093".toCharArray()));
        assertThrows(AuditUnavailableException.class, () -> pins.setOwnPin(nurse, "5093".toCharArray(), "5093".toCharArray()));
        assertEquals(SecondFactor.Need.NOTHING, pins.needAfterFinger(NURSE));
        assertTrue(pins.matches(NURSE, "4821".toCharArray()), "the old PIN stays");
        assertFalse(pins.mayUsePinAlone(CHECKER));
        assertFalse(pins.hasPin(CHECKER));
    }
}
