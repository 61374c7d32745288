package mamori.terminals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import mamori.audit.AuditAction;
import mamori.audit.AuditEntryStore;
import mamori.audit.AuditLog;
import mamori.audit.AuditSigningKey;
import mamori.audit.AuditUnavailableException;
import mamori.identity.MachineIdentity;
import mamori.identity.Person;
import mamori.identity.Role;
import mamori.identity.Session;
import mamori.identity.Terminal;
import mamori.identity.TerminalRegistration;
import mamori.identity.TerminalRegistry;
import mamori.policy.Decision;
import mamori.policy.DenialReason;
import mamori.store.Database;
import mamori.store.SchemaMigrations;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TerminalAdministrationTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T01:02:03Z"), ZoneOffset.UTC);
    private static final MachineIdentity THIS_PC = MachineIdentity.of("0123456789abcdef0123456789abcdef", "/etc/machine-id");
    private static final Person ADMIN = new Person("admin", "Admin", Set.of(Role.ADMINISTRATOR), true);
    private static final Person NURSE = new Person("nurse", "Nurse", Set.of(Role.OPERATOR), true);

    @TempDir
    Path directory;
    private Database database;
    private AuditLog audit;
    private Terminal terminal;
    private TerminalAdministration administration;
    private Session admin;
    private Session nurse;

    @BeforeEach
    void open() throws Exception {
        database = Database.open(directory.resolve("db"), mamori.TestKeys.fileKey("k"), "u".toCharArray());
        new SchemaMigrations(SchemaMigrations.ALL, CLOCK).migrate(database);
        terminal = new TerminalRegistry(database, new SecureRandom()).thisTerminal();
        // Another terminal of the same database, registered on its own PC by the administrator.
        database.inTransaction(connection -> {
            try (var insert = connection.prepareStatement("INSERT INTO terminal (id, name, this_terminal, registered_at, registered_by, "
                    + "machine_fingerprint) VALUES ('T-OTHER', 'reception', FALSE, ?, 'admin', 'ffff')")) {
                insert.setObject(1, OffsetDateTime.ofInstant(CLOCK.instant(), ZoneOffset.UTC));
                insert.executeUpdate();
            }
            return null;
        });
        audit = new AuditLog(database, new AuditSigningKey(new Ed25519PrivateKeyParameters(new byte[32], 0)), terminal.id(), "run",
                CLOCK, System::nanoTime);
        TerminalRegistration registration = new TerminalRegistration(database, terminal, THIS_PC, audit, CLOCK);
        administration = new TerminalAdministration(database, registration, by -> by.person().holds(Role.ADMINISTRATOR) ? Decision.allow()
                : Decision.deny(DenialReason.NO_GRANT), audit);
        admin = new Session("s-admin", ADMIN, terminal, CLOCK.instant());
        nurse = new Session("s-nurse", NURSE, terminal, CLOCK.instant());
    }

    @AfterEach
    void close() {
        audit.close();
        database.close();
    }

    private KnownTerminal stored(String id) throws Exception {
        return administration.terminals().stream().filter(each -> each.id().equals(id)).findFirst().orElseThrow();
    }

    private List<String> changes() throws Exception {
        return new AuditEntryStore(database).byAction(AuditAction.CONFIGURATION_CHANGE).stream().map(entry -> entry.canonical()).toList();
    }

    @Test
    void listsThisPcUnregisteredThenRegisteredOnThisMachine() throws Exception {
        KnownTerminal here = stored(terminal.id());
        assertTrue(here.thisTerminal());
        assertFalse(here.registeredHere(administration.thisMachine()));
        assertTrue(stored("T-OTHER").registeredHere(administration.thisMachine()), "another terminal: registered on its own PC");

        administration.registerThisPc(admin);

        here = stored(terminal.id());
        assertTrue(here.registeredHere(administration.thisMachine()));
        assertEquals("admin", here.registeredBy().orElseThrow());
        assertEquals(CLOCK.instant(), here.registeredAt().orElseThrow());
        assertEquals(1, new AuditEntryStore(database).byAction(AuditAction.TERMINAL_REGISTERED).size());
        assertEquals(TerminalRefusedException.Reason.ALREADY_REGISTERED,
                assertThrows(TerminalRefusedException.class, () -> administration.registerThisPc(admin)).reason());
    }

    @Test
    void renamedAndWithdrawnEachWithOldAndNew() throws Exception {
        administration.rename(admin, "T-OTHER", "  受付 ");
        administration.rename(admin, "T-OTHER", "受付");
        assertEquals("受付", stored("T-OTHER").name());

        administration.withdraw(admin, "T-OTHER");

        KnownTerminal other = stored("T-OTHER");
        assertTrue(other.registeredAt().isEmpty() && other.registeredBy().isEmpty() && other.machine().isEmpty());
        List<String> changes = changes();
        assertEquals(2, changes.size(), "an unchanged name is not recorded");
        assertTrue(changes.get(0).contains("\"setting\":\"terminal\"") && changes.get(0).contains("\"subject\":\"T-OTHER\"")
                && changes.get(0).contains("\"old\":{\"name\":\"reception\"}") && changes.get(0).contains("\"new\":{\"name\":\"受付\"}"),
                changes.get(0));
        assertTrue(changes.get(1).contains("\"registered_by\":\"admin\"") && changes.get(1).contains("\"machine\":\"ffff\"")
                && changes.get(1).contains("\"new\":{\"registered\":false}"), changes.get(1));
        assertEquals(TerminalRefusedException.Reason.NOT_REGISTERED,
                assertThrows(TerminalRefusedException.class, () -> administration.withdraw(admin, "T-OTHER")).reason());
    }

    @Test
    void thisPcIsNotWithdrawnHereAndNamesAreBounded() throws Exception {
        administration.registerThisPc(admin);
        assertEquals(TerminalRefusedException.Reason.THIS_TERMINAL,
                assertThrows(TerminalRefusedException.class, () -> administration.withdraw(admin, terminal.id())).reason());
        assertEquals(TerminalRefusedException.Reason.BAD_NAME,
                assertThrows(TerminalRefusedException.class, () -> administration.rename(admin, "T-OTHER", " ")).reason());
        assertEquals(TerminalRefusedException.Reason.BAD_NAME,
                assertThrows(TerminalRefusedException.class, () -> administration.rename(admin, "T-OTHER", "x".repeat(201))).reason());
        assertEquals(TerminalRefusedException.Reason.UNKNOWN_TERMINAL,
                assertThrows(TerminalRefusedException.class, () -> administration.withdraw(admin, "T-NONE")).reason());
        assertTrue(stored(terminal.id()).registeredHere(administration.thisMachine()));
        assertTrue(changes().isEmpty());
    }

    @Test
    void onlyAdministratorsAndNothingWithoutTheLog() throws Exception {
        TerminalRefusedException refused = assertThrows(TerminalRefusedException.class, () -> administration.withdraw(nurse, "T-OTHER"));
        assertEquals(TerminalRefusedException.Reason.NOT_PERMITTED, refused.reason());
        assertEquals(DenialReason.NO_GRANT, refused.denial().orElseThrow());
        assertEquals(1, new AuditEntryStore(database).byAction(AuditAction.POLICY_DENIAL).size());
        assertEquals(TerminalRefusedException.Reason.NOT_PERMITTED,
                assertThrows(TerminalRefusedException.class, () -> administration.registerThisPc(nurse)).reason());

        audit.close();
        assertThrows(AuditUnavailableException.class, () -> administration.withdraw(admin, "T-OTHER"));
        assertThrows(AuditUnavailableException.class, () -> administration.rename(admin, "T-OTHER", "受付"));
        assertThrows(AuditUnavailableException.class, () -> administration.registerThisPc(admin));
        assertEquals("reception", stored("T-OTHER").name());
        assertTrue(stored("T-OTHER").registeredAt().isPresent());
        assertTrue(stored(terminal.id()).registeredAt().isEmpty());
    }
}
