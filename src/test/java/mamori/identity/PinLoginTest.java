package mamori.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import mamori.audit.AuditAction;
import mamori.pin.Argon2Cost;
import mamori.pin.PinAdministration;
import mamori.pin.PinCheck;
import mamori.policy.Decision;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The login with the PIN second factor on a real database and log: no session and no LOGIN before
/// the PIN is right, wrong PINs counted like unknown fingers, the lock screen asking it again, and a
/// PIN alone only for a person an administrator named.
class PinLoginTest {

    @TempDir
    Path directory;
    private LoginFixture terminal;
    private PinCheck pins;
    private PinAdministration administration;
    private Session admin;

    @BeforeEach
    void open() throws Exception {
        terminal = new LoginFixture(directory, LoginLimits.DEFAULTS);
        pins = new PinCheck(terminal.database, terminal.audit, new SecureRandom(), terminal.clock, new Argon2Cost(64, 1, 1));
        administration = new PinAdministration(pins, new PersonRepository(terminal.database), by -> Decision.allow(), terminal.audit,
                terminal.clock);
        terminal.useSecondFactor(pins);
        admin = assertInstanceOf(LoginAttempt.LoggedIn.class, terminal.place(LoginFixture.ADMIN)).session();
        administration.requireForRole(admin, Role.OPERATOR, true);
        terminal.login.logout();
    }

    @AfterEach
    void close() {
        terminal.close();
    }

    private long entries(AuditAction action) throws Exception {
        return terminal.audited().stream().filter(entry -> entry.startsWith(action + ":")).count();
    }

    /// The nurse's PIN 4821, as if set after an earlier finger login.
    private void nurseSetsPin() throws Exception {
        Person nurse = new PersonRepository(terminal.database).byId("nurse").orElseThrow();
        pins.setOwnPin(new Session("earlier", nurse, LoginFixture.TERMINAL, terminal.clock.instant()), "4821".toCharArray(),
                "4821".toCharArray());
    }

    private PinStep pinStep() throws Exception {
        return assertInstanceOf(LoginAttempt.PinRequired.class, terminal.place(LoginFixture.NURSE)).step();
    }

    @Test
    void aPersonWithoutAPinLogsInByFingerToSetOneAndThenNeedsIt() throws Exception {
        Session first = assertInstanceOf(LoginAttempt.LoggedIn.class, terminal.place(LoginFixture.NURSE)).session();
        assertTrue(pins.mustSetPin(first.person()));
        assertTrue(terminal.canonical(AuditAction.LOGIN).getLast().contains("\"second_factor\":\"to be set\""));
        pins.setOwnPin(first, "4821".toCharArray(), "4821".toCharArray());
        terminal.login.logout();

        long logins = entries(AuditAction.LOGIN);
        PinStep step = pinStep();
        assertEquals("nurse", step.person().id());
        assertTrue(terminal.login.currentSession().isEmpty(), "no session before the PIN");
        assertEquals(logins, entries(AuditAction.LOGIN), "no LOGIN before the PIN");

        assertEquals(new LoginAttempt.Refused(LoginAttempt.Reason.WRONG_PIN), terminal.login.completeWithPin(step, "4812".toCharArray()));
        assertTrue(terminal.canonical(AuditAction.LOGIN_FAILED).getLast().contains("\"reason\":\"WRONG_PIN\""));
        assertTrue(terminal.login.currentSession().isEmpty());
        Session session = assertInstanceOf(LoginAttempt.LoggedIn.class, terminal.login.completeWithPin(step, "4821".toCharArray())).session();
        assertEquals("nurse", session.person().id());
        assertTrue(terminal.canonical(AuditAction.LOGIN).getLast().contains("\"second_factor\":\"pin\""));
        assertFalse(String.join("\n", terminal.canonical(AuditAction.LOGIN_FAILED)).contains("4812"), "no PIN in the log");
        assertEquals(new LoginAttempt.Refused(LoginAttempt.Reason.PIN_TIMED_OUT), terminal.login.completeWithPin(step, "4821".toCharArray()),
                "a step is used once");
    }

    @Test
    void fiveWrongPinsLockTheTerminalOutLikeUnknownFingers() throws Exception {
        nurseSetsPin();
        PinStep step = pinStep();
        for (int i = 0; i < 4; i++) {
            assertInstanceOf(LoginAttempt.Refused.class, terminal.login.completeWithPin(step, "5555".toCharArray()));
        }
        assertInstanceOf(LoginAttempt.LockedOut.class, terminal.login.completeWithPin(step, "5555".toCharArray()));
        assertInstanceOf(LoginAttempt.LockedOut.class, terminal.place(LoginFixture.NURSE), "the finger is refused while locked out");
        assertEquals(1, entries(AuditAction.TERMINAL_LOCKED_OUT));
        assertTrue(terminal.login.currentSession().isEmpty());
    }

    @Test
    void theTimeLimitEndsTheStep() throws Exception {
        nurseSetsPin();
        PinStep step = pinStep();
        terminal.clock.advance(LoginService.PIN_TIME_LIMIT);
        assertEquals(new LoginAttempt.Refused(LoginAttempt.Reason.PIN_TIMED_OUT), terminal.login.completeWithPin(step, "4821".toCharArray()));
        assertTrue(terminal.canonical(AuditAction.LOGIN_FAILED).getLast().contains("PIN_TIMED_OUT"));
        PinStep again = pinStep();
        assertTrue(terminal.login.abandonPin(again));
        assertEquals(new LoginAttempt.Refused(LoginAttempt.Reason.PIN_TIMED_OUT), terminal.login.completeWithPin(again, "4821".toCharArray()));
        assertTrue(terminal.login.currentSession().isEmpty());
    }

    @Test
    void theLockScreenAsksThePinAgain() throws Exception {
        nurseSetsPin();
        Session session = assertInstanceOf(LoginAttempt.LoggedIn.class, terminal.login.completeWithPin(pinStep(), "4821".toCharArray()))
                .session();
        terminal.clock.advance(LoginLimits.DEFAULTS.idleLock());
        assertInstanceOf(SessionChange.Locked.class, terminal.login.enforceLimits());
        PinStep unlock = pinStep();
        assertTrue(unlock.unlocks());
        assertTrue(terminal.login.isLocked(), "still locked before the PIN");
        assertEquals(new LoginAttempt.Unlocked(session), terminal.login.completeWithPin(unlock, "4821".toCharArray()));
        assertFalse(terminal.login.isLocked());
    }

    @Test
    void onlyANamedPersonLogsInWithAPinAlone() throws Exception {
        assertEquals(new LoginAttempt.Refused(LoginAttempt.Reason.PIN_ALONE_NOT_ALLOWED), terminal.login.loginWithPinAlone("nurse",
                "4821".toCharArray()));
        administration.allowPinAlone(admin, "nurse", "fingerprints cannot be read", "4821".toCharArray(), "4821".toCharArray());
        assertEquals(new LoginAttempt.Refused(LoginAttempt.Reason.PIN_ALONE_NOT_ALLOWED), terminal.login.loginWithPinAlone("supervisor",
                "4821".toCharArray()), "nobody else");
        assertEquals(new LoginAttempt.Refused(LoginAttempt.Reason.PIN_ALONE_NOT_ALLOWED), terminal.login.loginWithPinAlone("nobody",
                "4821".toCharArray()));
        assertEquals(new LoginAttempt.Refused(LoginAttempt.Reason.WRONG_PIN), terminal.login.loginWithPinAlone("nurse", "4812".toCharArray()));
        Session session = assertInstanceOf(LoginAttempt.LoggedIn.class, terminal.login.loginWithPinAlone("nurse", "4821".toCharArray()))
                .session();
        assertEquals("nurse", session.person().id());
        assertTrue(terminal.canonical(AuditAction.LOGIN).getLast().contains("\"method\":\"PIN alone\""));
        List<String> failed = terminal.canonical(AuditAction.LOGIN_FAILED);
        assertEquals(4, failed.size());
        assertTrue(failed.getLast().contains("WRONG_PIN") && failed.get(2).contains("\"claimed_id\":\"nobody\""), failed.toString());

        terminal.login.logout();
        assertInstanceOf(LoginAttempt.LockedOut.class, terminal.login.loginWithPinAlone("nurse", "1111".toCharArray()),
                "the fifth refusal locks the terminal out");
        assertInstanceOf(LoginAttempt.LockedOut.class, terminal.login.loginWithPinAlone("nurse", "4821".toCharArray()),
                "a PIN alone never gets past a lockout");
    }

    @Test
    void withoutAnyRuleTheFingerIsEnoughAsBefore() throws Exception {
        administration.requireForRole(admin, Role.OPERATOR, false);
        assertInstanceOf(LoginAttempt.LoggedIn.class, terminal.place(LoginFixture.NURSE));
        assertFalse(terminal.canonical(AuditAction.LOGIN).getLast().contains("second_factor"));
    }
}
