package mamori.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import mamori.audit.AuditAction;
import mamori.audit.AuditEntryStore;
import mamori.audit.AuditRange;
import mamori.audit.AuditUnavailableException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// A terminal registered by an administrator on one PC, its data directory moved to another, and
/// who may log in where it is not registered.
class TerminalRegistrationTest {

    private static final MachineIdentity THIS_PC = MachineIdentity.of("0123456789abcdef0123456789abcdef", "/etc/machine-id");
    private static final MachineIdentity OTHER_PC = MachineIdentity.of("fedcba9876543210fedcba9876543210", "/etc/machine-id");
    private static final Person ADMIN = new Person("admin", "Admin", Set.of(Role.ADMINISTRATOR), true);
    private static final Person SUPERVISOR = new Person("supervisor", "Supervisor", Set.of(Role.SUPERVISOR), true);

    @TempDir
    Path dir;

    private List<String> registrations(LoginFixture fixture) throws Exception {
        List<String> found = new ArrayList<>();
        for (var stored : new AuditEntryStore(fixture.database).byAction(AuditAction.TERMINAL_REGISTERED)) {
            var entry = AuditRange.read(stored).orElseThrow();
            found.add(entry.personId().orElse("-") + " " + entry.details().get("machine") + " " + entry.details().get("previousMachine"));
        }
        return found;
    }

    @Test
    void aNewTerminalIsUnregisteredUntilAnAdministratorRegistersItOnThisPc() throws Exception {
        try (LoginFixture fixture = new LoginFixture(dir, LoginLimits.DEFAULTS)) {
            Terminal terminal = new TerminalRegistry(fixture.database, new SecureRandom()).thisTerminal();
            var registration = new TerminalRegistration(fixture.database, terminal, THIS_PC, fixture.audit, fixture.clock);
            assertEquals(new TerminalRegistration.Status.Unregistered(TerminalRegistration.Reason.NEVER_REGISTERED), registration.status());
            assertThrows(IllegalArgumentException.class, () -> registration.register(SUPERVISOR));
            registration.register(ADMIN);
            var registered = assertInstanceOf(TerminalRegistration.Status.Registered.class, registration.status());
            assertEquals(java.util.Optional.of("admin"), registered.byPersonId());
            assertEquals(List.of("admin " + THIS_PC.fingerprint() + " none"), registrations(fixture));
            // Read again on the same PC (a restart): still registered.
            assertTrue(new TerminalRegistration(fixture.database, terminal, THIS_PC, fixture.audit, fixture.clock).isRegistered());
        }
    }

    @Test
    void theSameDataOnAnotherPcIsNotRegisteredThereUntilRegisteredAgain() throws Exception {
        try (LoginFixture fixture = new LoginFixture(dir, LoginLimits.DEFAULTS)) {
            Terminal terminal = new TerminalRegistry(fixture.database, new SecureRandom()).thisTerminal();
            new TerminalRegistration(fixture.database, terminal, THIS_PC, fixture.audit, fixture.clock).register(ADMIN);
            var moved = new TerminalRegistration(fixture.database, terminal, OTHER_PC, fixture.audit, fixture.clock);
            assertEquals(new TerminalRegistration.Status.Unregistered(TerminalRegistration.Reason.ANOTHER_MACHINE), moved.status());
            moved.registerForDemo("admin"); // the demo's own registration never takes over a moved terminal
            assertFalse(moved.isRegistered());
            moved.register(ADMIN);
            assertTrue(moved.isRegistered());
            assertEquals(List.of("admin " + THIS_PC.fingerprint() + " none", "admin " + OTHER_PC.fingerprint() + " " + THIS_PC.fingerprint()),
                    registrations(fixture));
            assertFalse(new TerminalRegistration(fixture.database, terminal, THIS_PC, fixture.audit, fixture.clock).isRegistered(),
                    "registered on the other PC, the first one no longer is");
        }
    }

    @Test
    void aRegistrationThatCannotBeRecordedDoesNotHappen() throws Exception {
        try (LoginFixture fixture = new LoginFixture(dir, LoginLimits.DEFAULTS)) {
            Terminal terminal = new TerminalRegistry(fixture.database, new SecureRandom()).thisTerminal();
            var registration = new TerminalRegistration(fixture.database, terminal, THIS_PC, fixture.audit, fixture.clock);
            fixture.audit.close();
            assertThrows(AuditUnavailableException.class, () -> registration.register(ADMIN));
            assertFalse(registration.isRegistered());
        }
    }

    @Test
    void aTerminalRegisteredBeforeRegistrationsNamedTheirMachineIsBoundToThisOneAndThatIsRecorded() throws Exception {
        try (LoginFixture fixture = new LoginFixture(dir, LoginLimits.DEFAULTS)) {
            Terminal terminal = new TerminalRegistry(fixture.database, new SecureRandom()).thisTerminal();
            fixture.database.inTransaction(connection -> {
                try (var statement = connection.createStatement()) {
                    statement.execute("UPDATE terminal SET registered_at = CURRENT_TIMESTAMP"); // as migration 11 leaves an older row
                }
                return null;
            });
            assertTrue(new TerminalRegistration(fixture.database, terminal, THIS_PC, fixture.audit, fixture.clock).isRegistered());
            assertEquals(List.of("- " + THIS_PC.fingerprint() + " null"), registrations(fixture));
            assertFalse(new TerminalRegistration(fixture.database, terminal, OTHER_PC, fixture.audit, fixture.clock).isRegistered());
        }
    }

    @Test
    void onAnUnregisteredPcOnlyAnAdministratorLogsInAndTheRefusalIsRecordedButNotCounted() throws Exception {
        try (LoginFixture fixture = new LoginFixture(dir, LoginLimits.DEFAULTS)) {
            fixture.registered.set(false);
            for (int i = 0; i < LoginLimits.DEFAULTS.failuresBeforeLockout() + 1; i++) {
                assertEquals(new LoginAttempt.Refused(LoginAttempt.Reason.TERMINAL_NOT_REGISTERED), fixture.place(LoginFixture.NURSE));
            }
            assertInstanceOf(LoginAttempt.LoggedIn.class, fixture.place(LoginFixture.ADMIN), "refusals of known people do not lock the terminal out");
            var refusal = AuditRange.read(new AuditEntryStore(fixture.database).byAction(AuditAction.LOGIN_FAILED).getFirst()).orElseThrow();
            assertEquals("nurse TERMINAL_NOT_REGISTERED", refusal.personId().orElse("-") + " " + refusal.details().get("reason"));
        }
    }
}
