package mamori.identity;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;

/// Who is logged in on which terminal, for supervisors and administrators, and the forced logout of a
/// session from there. A forced logout is recorded (`FORCED_LOGOUT`: whose, by whom) and then removes
/// the session's row; the kiosk holding the session sees that within a second and shows its login screen.
public final class SessionDirectory {

    static final String FORCED_FROM_STATUS_SCREEN = "forced from the login-status screen";

    private final SessionRepository sessions;
    private final AuditLog audit;
    private final Clock clock;

    public SessionDirectory(SessionRepository sessions, AuditLog audit, Clock clock) {
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    /// Active supervisors and administrators see the login status.
    public static boolean mayView(Person person) {
        return person.active() && (person.holds(Role.SUPERVISOR) || person.holds(Role.ADMINISTRATOR));
    }

    /// Administrators may force anyone out; supervisors anyone but an administrator (decision 0014).
    public static boolean mayForceOut(Person by, Person target) {
        return mayView(by) && (by.holds(Role.ADMINISTRATOR) || !target.holds(Role.ADMINISTRATOR));
    }

    public List<SessionRepository.OpenSession> openSessions() throws SQLException {
        return sessions.all();
    }

    /// `by` ends the session `sessionId` on whichever terminal holds it.
    public synchronized ForcedLogout forceOut(String sessionId, Session by) throws AuditUnavailableException, SQLException {
        if (sessionId.equals(by.id())) {
            return ForcedLogout.OWN_SESSION;
        }
        Optional<SessionRepository.OpenSession> target = sessions.byId(sessionId);
        if (target.isEmpty()) {
            return ForcedLogout.ALREADY_ENDED;
        }
        if (!mayForceOut(by.person(), target.get().person())) {
            return ForcedLogout.NOT_ALLOWED;
        }
        audit.append(AuditEvent.of(AuditAction.FORCED_LOGOUT).person(target.get().person().id()).session(sessionId)
                .detail("by", by.person().id()).detail("by_session", by.id()).detail("on_terminal", target.get().terminal().id())
                .detail("reason", FORCED_FROM_STATUS_SCREEN)
                .detail("duration_seconds", Duration.between(target.get().startedAt(), clock.instant()).toSeconds()));
        sessions.close(sessionId);
        audit.requestCheckpoint(AuditAction.FORCED_LOGOUT.name());
        return ForcedLogout.DONE;
    }

    /// The outcome of [#forceOut].
    public enum ForcedLogout {
        DONE,
        ALREADY_ENDED,
        NOT_ALLOWED,
        /// One's own session ends with "log out", not from this screen.
        OWN_SESSION
    }
}
