package mamori.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import mamori.audit.AuditAction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Sessions with the default limits (idle lock after 5 minutes, at most 8 hours), the lock screen's
/// two ways out, and the login-status directory with its forced logout.
class SessionLimitsTest {

    private static final Terminal OFFICE = new Terminal("T-2", "office");

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

    private Session loggedIn(mamori.fingerprint.FingerSimulator.SimulatedFinger finger) throws Exception {
        return assertInstanceOf(LoginAttempt.LoggedIn.class, terminal.place(finger)).session();
    }

    private List<String> lastAudited(int count) throws Exception {
        List<String> audited = terminal.audited();
        return audited.subList(audited.size() - count, audited.size());
    }

    /// A session of `person` on another terminal that writes to the same database.
    private Session elsewhere(String personId, Role role) throws Exception {
        Session session = new Session(UUID.randomUUID().toString(), new Person(personId, personId, java.util.Set.of(role), true), OFFICE,
                terminal.clock.instant());
        new SessionRepository(terminal.database).open(session);
        return session;
    }

    @Test
    void anIdleSessionLocksAfterFiveMinutesAndIsKept() throws Exception {
        Session session = loggedIn(LoginFixture.NURSE);
        terminal.clock.advance(Duration.ofMinutes(5).minusSeconds(1));
        assertEquals(new SessionChange.Unchanged(), terminal.login.enforceLimits());
        terminal.clock.advance(Duration.ofSeconds(1));
        assertEquals(new SessionChange.Locked(session), terminal.login.enforceLimits());
        assertTrue(terminal.login.isLocked());
        assertEquals(List.of("LOGIN:nurse", "LOCK:nurse"), lastAudited(2));
        assertTrue(terminal.canonical(AuditAction.LOCK).getFirst().contains("\"idle_seconds\":300"));
        var row = terminal.directory().openSessions().getFirst();
        assertTrue(row.locked(), "the status screen sees it locked");
        assertEquals(session.id(), row.sessionId());
        assertEquals(new SessionChange.Unchanged(), terminal.login.enforceLimits(), "locked once");
    }

    @Test
    void activityPostponesTheIdleLockAndIsStoredForTheStatusScreen() throws Exception {
        loggedIn(LoginFixture.NURSE);
        terminal.clock.advance(Duration.ofMinutes(4));
        terminal.login.reportActivity();
        var active = terminal.clock.instant();
        terminal.clock.advance(Duration.ofMinutes(4));
        assertEquals(new SessionChange.Unchanged(), terminal.login.enforceLimits());
        assertEquals(active, terminal.directory().openSessions().getFirst().lastActivity());
        terminal.clock.advance(Duration.ofMinutes(1));
        assertInstanceOf(SessionChange.Locked.class, terminal.login.enforceLimits());
    }

    @Test
    void theSamePersonsFingerUnlocksTheSameSession() throws Exception {
        Session session = loggedIn(LoginFixture.NURSE);
        terminal.clock.advance(Duration.ofMinutes(6));
        terminal.login.enforceLimits();
        assertEquals(new LoginAttempt.Unlocked(session), terminal.place(LoginFixture.NURSE_LEFT));
        assertFalse(terminal.login.isLocked());
        assertEquals(List.of("LOCK:nurse", "UNLOCK:nurse"), lastAudited(2));
        assertFalse(terminal.directory().openSessions().getFirst().locked());
        terminal.clock.advance(Duration.ofMinutes(4));
        assertEquals(new SessionChange.Unchanged(), terminal.login.enforceLimits(), "idle time counts from the unlock");
    }

    @Test
    void anotherPersonsFingerAtTheLockScreenEndsTheFirstSession() throws Exception {
        Session nurse = loggedIn(LoginFixture.NURSE);
        terminal.clock.advance(Duration.ofMinutes(5));
        terminal.login.enforceLimits();
        Session supervisor = loggedIn(LoginFixture.SUPERVISOR);
        assertEquals(List.of("LOCK:nurse", "FORCED_LOGOUT:nurse", "LOGIN:supervisor"), lastAudited(3));
        String forced = terminal.canonical(AuditAction.FORCED_LOGOUT).getFirst();
        assertTrue(forced.contains("another person logged in at the lock screen") && forced.contains("\"by\":\"supervisor\""), forced);
        assertTrue(forced.contains(nurse.id()), forced);
        assertEquals(List.of(supervisor.id()), terminal.directory().openSessions().stream().map(s -> s.sessionId()).toList());
        assertFalse(terminal.login.isLocked());
    }

    @Test
    void aSessionEndsAtEightHoursEvenWhileInUse() throws Exception {
        Session session = loggedIn(LoginFixture.NURSE);
        for (int minutes = 4; minutes < 8 * 60; minutes += 4) {
            terminal.clock.advance(Duration.ofMinutes(4));
            terminal.login.reportActivity();
            assertEquals(new SessionChange.Unchanged(), terminal.login.enforceLimits(), "after " + minutes + " minutes");
        }
        terminal.clock.advance(Duration.ofMinutes(4));
        assertEquals(new SessionChange.Ended(session, SessionChange.EndReason.MAXIMUM_LENGTH), terminal.login.enforceLimits());
        assertTrue(terminal.login.currentSession().isEmpty());
        assertEquals(List.of("LOGOUT:nurse"), lastAudited(1));
        assertTrue(terminal.canonical(AuditAction.LOGOUT).getFirst().contains("maximum session length"));
        assertTrue(terminal.directory().openSessions().isEmpty());
    }

    @Test
    void aSupervisorForcesOutASessionAndItsKioskEndsIt() throws Exception {
        Session nurse = loggedIn(LoginFixture.NURSE);
        Session supervisor = elsewhere("supervisor", Role.SUPERVISOR);
        assertEquals(2, terminal.directory().openSessions().size());

        assertEquals(SessionDirectory.ForcedLogout.DONE, terminal.directory().forceOut(nurse.id(), supervisor));
        String forced = terminal.canonical(AuditAction.FORCED_LOGOUT).getFirst();
        assertTrue(forced.contains("\"by\":\"supervisor\"") && forced.contains("\"on_terminal\":\"T-1\""), forced);
        assertEquals(List.of("FORCED_LOGOUT:nurse"), lastAudited(1));

        assertEquals(new SessionChange.Ended(nurse, SessionChange.EndReason.FORCED_OUT), terminal.login.enforceLimits());
        assertTrue(terminal.login.currentSession().isEmpty());
        assertEquals(SessionDirectory.ForcedLogout.ALREADY_ENDED, terminal.directory().forceOut(nurse.id(), supervisor));
    }

    @Test
    void aSupervisorCannotForceOutAnAdministratorButAnAdministratorCanForceOutAnyone() throws Exception {
        Session admin = loggedIn(LoginFixture.ADMIN);
        Session supervisor = elsewhere("supervisor", Role.SUPERVISOR);
        assertEquals(SessionDirectory.ForcedLogout.NOT_ALLOWED, terminal.directory().forceOut(admin.id(), supervisor));
        assertTrue(terminal.canonical(AuditAction.FORCED_LOGOUT).isEmpty());
        assertEquals(SessionDirectory.ForcedLogout.OWN_SESSION, terminal.directory().forceOut(admin.id(), admin));
        assertEquals(SessionDirectory.ForcedLogout.DONE, terminal.directory().forceOut(supervisor.id(), admin));
    }

    @Test
    void anOperatorMayNeitherSeeTheStatusNorForceAnyoneOut() throws Exception {
        Session nurse = loggedIn(LoginFixture.NURSE);
        Session other = elsewhere("former", Role.OPERATOR);
        assertFalse(SessionDirectory.mayView(nurse.person()));
        assertEquals(SessionDirectory.ForcedLogout.NOT_ALLOWED, terminal.directory().forceOut(other.id(), nurse));
    }

    @Test
    void aSessionLeftOpenByACrashIsEndedAtTheNextStart() throws Exception {
        Session nurse = loggedIn(LoginFixture.NURSE);
        terminal.restart();
        terminal.login.endSessionLeftByEarlierRun();
        assertEquals(List.of("LOGOUT:nurse"), lastAudited(1));
        assertTrue(terminal.canonical(AuditAction.LOGOUT).getFirst().contains("kiosk restarted"));
        assertTrue(terminal.canonical(AuditAction.LOGOUT).getFirst().contains(nurse.id()));
        assertTrue(terminal.directory().openSessions().isEmpty());
    }
}
