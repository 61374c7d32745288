package mamori.identity;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;
import mamori.fingerprint.FingerprintReader;
import mamori.fingerprint.Identification;

/// Logs people in by finger and keeps the kiosk's one current session: its last activity, the idle
/// lock and its maximum length (see [LoginLimits]). Every login, refusal, lock, unlock and logout is an
/// audit entry written first: when it cannot be written, the change does not happen (and the limits
/// are tried again at the next [#enforceLimits()]). Refused identifications count towards the
/// terminal's [TerminalLockout]. Times come from the trusted clock.
public final class LoginService {

    static final String LOCK_SCREEN_TAKEOVER = "another person logged in at the lock screen";

    private final FingerprintReader reader;
    private final PersonRepository people;
    private final SessionRepository sessions;
    private final TerminalLockout lockout;
    private final Terminal terminal;
    private final java.util.function.BooleanSupplier terminalRegistered;
    private final AuditLog audit;
    private final LoginLimits limits;
    private final Clock clock;
    /// Whether the reader answered last time; only changes are recorded, so a dead reader polled
    /// every half second does not flood the log.
    private final AtomicBoolean readerAnswering = new AtomicBoolean(true);

    // Written under this object's lock; read without it by reportActivity and currentSession.
    private volatile Session current;
    private volatile boolean locked;
    private volatile Instant lastActivity;
    private Instant lastActivityStored;

    public LoginService(FingerprintReader reader, PersonRepository people, SessionRepository sessions, TerminalLockout lockout,
            Terminal terminal, java.util.function.BooleanSupplier terminalRegistered, AuditLog audit, LoginLimits limits, Clock clock) {
        this.reader = reader;
        this.people = people;
        this.sessions = sessions;
        this.lockout = lockout;
        this.terminal = terminal;
        this.terminalRegistered = terminalRegistered;
        this.audit = audit;
        this.limits = limits;
        this.clock = clock;
    }

    /// Waits up to `timeout` for a finger. With no session its owner logs in; at the lock screen the
    /// same person unlocks, and another person's login ends the locked session first.
    public LoginAttempt awaitFinger(Duration timeout) throws InterruptedException {
        Identification identification = reader.identify(timeout);
        boolean answered = !(identification instanceof Identification.ReaderFault);
        if (readerAnswering.compareAndSet(!answered, answered)) {
            try {
                AuditEvent change = AuditEvent.of(answered ? AuditAction.READER_CONNECTED : AuditAction.READER_LOST)
                        .detail("reader", reader.readerId()).detail("model", reader.model());
                audit.append(identification instanceof Identification.ReaderFault(String message)
                        ? change.detail("problem", message) : change);
            } catch (AuditUnavailableException e) {
                readerAnswering.set(!answered);
                return new LoginAttempt.AuditFailed(e.getMessage());
            }
        }
        try {
            return switch (identification) {
                case Identification.NoFinger() -> new LoginAttempt.NoFinger();
                case Identification.NotRecognised() -> identified(Optional.empty(), AuditEvent.of(AuditAction.LOGIN_FAILED), 0, 0);
                case Identification.ReaderFault(String message) -> new LoginAttempt.ReaderFailed(message);
                case Identification.Matched(int templateId, int score) -> identified(people.byFingerTemplate(reader.readerId(), templateId),
                        AuditEvent.of(AuditAction.LOGIN_FAILED).detail("template", templateId), templateId, score);
            };
        } catch (AuditUnavailableException e) {
            return new LoginAttempt.AuditFailed(e.getMessage());
        } catch (SQLException e) {
            return new LoginAttempt.ReaderFailed("The people directory cannot be read: " + e.getMessage());
        }
    }

    private synchronized LoginAttempt identified(Optional<Person> person, AuditEvent refusal, int templateId, int score)
            throws AuditUnavailableException, SQLException {
        Optional<Instant> lockedOutUntil = lockout.lockedUntil();
        if (lockedOutUntil.isPresent()) {
            if (person.isEmpty() || !TerminalLockout.mayLift(person.get())) {
                // Refused without being counted: the terminal is already locked out.
                audit.append(person.map(who -> refusal.person(who.id())).orElse(refusal)
                        .detail("reader", reader.readerId()).detail("reason", "TERMINAL_LOCKED_OUT"));
                return new LoginAttempt.LockedOut(lockedOutUntil.get());
            }
            lockout.liftBy(person.get());
        }
        if (person.isEmpty()) {
            return refuse(refusal, LoginAttempt.Reason.UNKNOWN_FINGER);
        }
        if (!person.get().active()) {
            return refuse(refusal.person(person.get().id()), LoginAttempt.Reason.INACTIVE_PERSON);
        }
        if (!terminalRegistered.getAsBoolean() && !person.get().holds(Role.ADMINISTRATOR)) {
            // A known finger on an unregistered PC: refused, not counted towards a lockout.
            audit.append(refusal.person(person.get().id()).detail("reader", reader.readerId())
                    .detail("reason", LoginAttempt.Reason.TERMINAL_NOT_REGISTERED));
            return new LoginAttempt.Refused(LoginAttempt.Reason.TERMINAL_NOT_REGISTERED);
        }
        Session previous = current;
        if (previous != null && previous.person().id().equals(person.get().id())) {
            return unlock(previous);
        }
        if (previous != null) {
            endSession(previous, AuditEvent.of(AuditAction.FORCED_LOGOUT).detail("by", person.get().id())
                    .detail("reason", LOCK_SCREEN_TAKEOVER));
        }
        return login(person.get(), templateId, score);
    }

    private LoginAttempt login(Person person, int templateId, int score) throws AuditUnavailableException, SQLException {
        Session session = new Session(UUID.randomUUID().toString(), person, terminal, clock.instant());
        sessions.open(session);
        try {
            audit.append(AuditEvent.of(AuditAction.LOGIN).person(person.id()).session(session.id())
                    .detail("reader", reader.readerId()).detail("template", templateId).detail("score", score));
        } catch (AuditUnavailableException e) {
            sessions.close(session.id());
            throw e;
        }
        begin(session);
        return new LoginAttempt.LoggedIn(session);
    }

    private LoginAttempt unlock(Session session) throws AuditUnavailableException, SQLException {
        if (locked) {
            audit.append(AuditEvent.of(AuditAction.UNLOCK).person(session.person().id()).session(session.id()));
            sessions.setLocked(session.id(), Optional.empty());
            locked = false;
        }
        lastActivity = clock.instant();
        return new LoginAttempt.Unlocked(session);
    }

    private LoginAttempt refuse(AuditEvent event, LoginAttempt.Reason reason) throws AuditUnavailableException, SQLException {
        audit.append(event.detail("reader", reader.readerId()).detail("reason", reason));
        Optional<Instant> lockedOut = lockout.countRefusal();
        return lockedOut.<LoginAttempt>map(LoginAttempt.LockedOut::new).orElseGet(() -> new LoginAttempt.Refused(reason));
    }

    private void begin(Session session) {
        current = session;
        locked = false;
        lastActivity = session.startedAt();
        lastActivityStored = session.startedAt();
    }

    /// When the terminal's lockout ends, if it is locked out now (a lockout past its cool-down is lifted here).
    public Optional<Instant> lockedOutUntil() throws SQLException, AuditUnavailableException {
        return lockout.lockedUntil();
    }

    /// The person at the kiosk did something (a key, the mouse, a touch); ignored while locked.
    public void reportActivity() {
        if (current != null && !locked) {
            lastActivity = clock.instant();
        }
    }

    /// Applies the session limits now: a session whose row was removed elsewhere ends; one older than
    /// the maximum is logged out; one idle for too long is locked. Called about once a second.
    public synchronized SessionChange enforceLimits() throws AuditUnavailableException, SQLException {
        Session session = current;
        if (session == null) {
            return new SessionChange.Unchanged();
        }
        Instant now = clock.instant();
        Instant activity = lastActivity;
        boolean stillOpen = activity.equals(lastActivityStored) ? sessions.isOpen(session.id()) : sessions.touch(session.id(), activity);
        if (!stillOpen) {
            current = null;
            return new SessionChange.Ended(session, SessionChange.EndReason.FORCED_OUT);
        }
        lastActivityStored = activity;
        if (Duration.between(session.startedAt(), now).compareTo(limits.maximumSession()) >= 0) {
            endSession(session, AuditEvent.of(AuditAction.LOGOUT).detail("reason", "maximum session length"));
            return new SessionChange.Ended(session, SessionChange.EndReason.MAXIMUM_LENGTH);
        }
        if (!locked && Duration.between(activity, now).compareTo(limits.idleLock()) >= 0) {
            audit.append(AuditEvent.of(AuditAction.LOCK).person(session.person().id()).session(session.id())
                    .detail("reason", "idle").detail("idle_seconds", Duration.between(activity, now).toSeconds()));
            sessions.setLocked(session.id(), Optional.of(now));
            locked = true;
            return new SessionChange.Locked(session);
        }
        return new SessionChange.Unchanged();
    }

    public Optional<Session> currentSession() {
        return Optional.ofNullable(current);
    }

    public boolean isLocked() {
        return current != null && locked;
    }

    /// Ends the current session once its end is recorded; with no session, does nothing.
    public synchronized void logout() throws AuditUnavailableException {
        Session session = current;
        if (session != null) {
            endSession(session, AuditEvent.of(AuditAction.LOGOUT));
        }
    }

    /// Records the administrator's exit of the kiosk (and the end of their session); throws, and the
    /// kiosk stays, when that cannot be recorded.
    public synchronized void exitKiosk() throws AuditUnavailableException {
        Session session = current;
        AuditEvent exit = AuditEvent.of(AuditAction.KIOSK_EXITED);
        if (session != null) {
            exit = exit.person(session.person().id()).session(session.id());
        }
        audit.append(exit);
        if (session != null) {
            closeRow(session);
        }
        current = null;
    }

    /// A session this terminal left open when it last stopped (a crash, a power cut) cannot go on:
    /// it is recorded as a logout and its row removed. Called once at start.
    public synchronized void endSessionLeftByEarlierRun() throws AuditUnavailableException, SQLException {
        Optional<SessionRepository.OpenSession> left = sessions.onTerminal(terminal.id());
        if (left.isPresent()) {
            audit.append(AuditEvent.of(AuditAction.LOGOUT).person(left.get().person().id()).session(left.get().sessionId())
                    .detail("reason", "kiosk restarted"));
            sessions.close(left.get().sessionId());
        }
    }

    private void endSession(Session session, AuditEvent end) throws AuditUnavailableException {
        audit.append(end.person(session.person().id()).session(session.id())
                .detail("duration_seconds", Duration.between(session.startedAt(), clock.instant()).toSeconds()));
        closeRow(session);
        if (current == session) {
            current = null;
            locked = false;
        }
        audit.requestCheckpoint(end.action().name());
    }

    /// The end is recorded; a row that cannot be removed now is removed when the terminal's next
    /// session opens (it replaces its terminal's row) or at the next start.
    private void closeRow(Session session) {
        try {
            sessions.close(session.id());
        } catch (SQLException e) {
            // See above: the session is over either way, and the log says so.
        }
    }

    public Terminal terminal() {
        return terminal;
    }

    public String readerModel() {
        return reader.model();
    }
}
