package mamori.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import mamori.audit.AuditAction;
import mamori.fingerprint.FingerSimulator.SimulatedFinger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The lockout with its defaults: 5 refused identifications within 10 minutes lock the terminal out
/// for 15 minutes; an administrator's finger lifts it.
class TerminalLockoutTest {

    @TempDir
    Path dir;
    private LoginFixture terminal;

    @BeforeEach
    void open() throws Exception {
        terminal = new LoginFixture(dir, LoginLimits.DEFAULTS);
    }

    @AfterEach
    void close() {
        terminal.close();
    }

    /// Four unknown fingers, `gap` apart, then a fifth after another `gap`; returns the fifth's answer.
    private LoginAttempt fiveUnknownFingers(Duration gap) throws Exception {
        for (int i = 0; i < 4; i++) {
            assertInstanceOf(LoginAttempt.Refused.class, terminal.place(SimulatedFinger.unknown()));
            terminal.clock.advance(gap);
        }
        return terminal.place(SimulatedFinger.unknown());
    }

    private LoginAttempt.LockedOut lockOut() throws Exception {
        return assertInstanceOf(LoginAttempt.LockedOut.class, fiveUnknownFingers(Duration.ofMinutes(1)));
    }

    @Test
    void fiveRefusalsWithinTenMinutesLockTheTerminalOutForFifteenMinutes() throws Exception {
        Instant fifth = terminal.clock.instant().plus(Duration.ofMinutes(4));
        LoginAttempt.LockedOut locked = lockOut();
        assertEquals(fifth.plus(Duration.ofMinutes(15)), locked.until());
        assertEquals(Collections.nCopies(5, "LOGIN_FAILED:null"), terminal.audited().subList(0, 5));
        assertEquals("TERMINAL_LOCKED_OUT:null", terminal.audited().get(5));
        assertTrue(terminal.canonical(AuditAction.TERMINAL_LOCKED_OUT).getFirst().contains("\"refusals\":5"),
                terminal.canonical(AuditAction.TERMINAL_LOCKED_OUT).getFirst());
        assertEquals(Optional.of(locked.until()), terminal.login.lockedOutUntil());
    }

    @Test
    void fiveRefusalsSpreadOverElevenMinutesDoNotLockTheTerminalOut() throws Exception {
        // 0, 2:45, 5:30, 8:15, 11:00: the first has left the ten-minute window when the fifth comes.
        LoginAttempt fifth = fiveUnknownFingers(Duration.ofSeconds(165));
        assertEquals(new LoginAttempt.Refused(LoginAttempt.Reason.UNKNOWN_FINGER), fifth);
        assertEquals(Optional.empty(), terminal.login.lockedOutUntil());
        assertInstanceOf(LoginAttempt.LoggedIn.class, terminal.place(LoginFixture.NURSE));
    }

    @Test
    void anInactivePersonsFingerCountsAsARefusal() throws Exception {
        for (int i = 0; i < 4; i++) {
            terminal.place(LoginFixture.FORMER);
        }
        assertInstanceOf(LoginAttempt.LockedOut.class, terminal.place(LoginFixture.ON_MODULE_ONLY));
    }

    @Test
    void whileLockedOutAnEnrolledNonAdministratorIsRefusedWithTheReasonAndItIsRecorded() throws Exception {
        LoginAttempt.LockedOut locked = lockOut();
        terminal.clock.advance(Duration.ofMinutes(14));
        assertEquals(locked, terminal.place(LoginFixture.NURSE));
        assertEquals(locked, terminal.place(LoginFixture.SUPERVISOR));
        assertTrue(terminal.login.currentSession().isEmpty());
        List<String> audited = terminal.audited();
        assertEquals(List.of("LOGIN_FAILED:nurse", "LOGIN_FAILED:supervisor"), audited.subList(audited.size() - 2, audited.size()));
        assertTrue(terminal.canonical(AuditAction.LOGIN_FAILED).getLast().contains("TERMINAL_LOCKED_OUT"));
    }

    @Test
    void theCoolDownLiftsTheLockoutAndTheLiftIsRecorded() throws Exception {
        lockOut();
        terminal.clock.advance(Duration.ofMinutes(15));
        LoginAttempt attempt = terminal.place(LoginFixture.NURSE);
        assertInstanceOf(LoginAttempt.LoggedIn.class, attempt);
        List<String> audited = terminal.audited();
        assertEquals(List.of("TERMINAL_LOCKED_OUT:null", "LOCKOUT_LIFTED:null", "LOGIN:nurse"), audited.subList(audited.size() - 3, audited.size()));
        assertTrue(terminal.canonical(AuditAction.LOCKOUT_LIFTED).getFirst().contains("cool-down"));
    }

    @Test
    void anAdministratorsFingerLiftsTheLockoutAndLogsThemInBothRecorded() throws Exception {
        lockOut();
        terminal.clock.advance(Duration.ofMinutes(1));
        assertInstanceOf(LoginAttempt.LoggedIn.class, terminal.place(LoginFixture.ADMIN));
        List<String> audited = terminal.audited();
        assertEquals(List.of("LOCKOUT_LIFTED:admin", "LOGIN:admin"), audited.subList(audited.size() - 2, audited.size()));
        assertTrue(terminal.canonical(AuditAction.LOCKOUT_LIFTED).getFirst().contains("\"reason\":\"administrator\""));
        assertEquals(Optional.empty(), terminal.login.lockedOutUntil());

        terminal.login.logout();
        // The refusals that led to the lockout are consumed: counting starts again from zero.
        assertInstanceOf(LoginAttempt.Refused.class, terminal.place(SimulatedFinger.unknown()));
    }

    @Test
    void aRestartDoesNotLiftTheLockout() throws Exception {
        LoginAttempt.LockedOut locked = lockOut();
        terminal.restart();
        assertEquals(Optional.of(locked.until()), terminal.login.lockedOutUntil());
        assertEquals(locked, terminal.place(LoginFixture.NURSE));
    }

    @Test
    void aRestartDoesNotForgetTheRefusalsCountedSoFar() throws Exception {
        for (int i = 0; i < 4; i++) {
            terminal.place(SimulatedFinger.unknown());
        }
        terminal.restart();
        assertInstanceOf(LoginAttempt.LockedOut.class, terminal.place(SimulatedFinger.unknown()));
    }

    @Test
    void readerFaultsAreNotRefusals() throws Exception {
        terminal.reader.close();
        for (int i = 0; i < 6; i++) {
            assertInstanceOf(LoginAttempt.ReaderFailed.class, terminal.login.awaitFinger(Duration.ofMillis(50)));
        }
        assertEquals(Optional.empty(), terminal.login.lockedOutUntil());
        assertFalse(terminal.audited().contains("TERMINAL_LOCKED_OUT:null"));
    }
}
