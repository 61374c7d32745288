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
    /// How long the PIN pad waits after the finger before the step is over.
    public static final Duration PIN_TIME_LIMIT = Duration.ofSeconds(30);
    /// Stands in for an unknown person id when a PIN alone is checked: nobody has a PIN under it.
    private static final Person NOBODY = new Person("", "", java.util.Set.of(), false);

    private final FingerprintReader reader;
    private final PersonRepository people;
    private final SessionRepository sessions;
    private final TerminalLockout lockout;
    private final Terminal terminal;
    private final java.util.function.BooleanSupplier terminalRegistered;
    private final AuditLog audit;
    private final LoginLimits limits;
    private final Clock clock;
    private final SecondFactor secondFactor;
    /// The one PIN step open now (a finger identified someone who must enter a PIN); guarded by this.
    private PinStep pendingPin;
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
        this(reader, people, sessions, lockout, terminal, terminalRegistered, audit, limits, clock, SecondFactor.NONE);
    }

    /// As above, with the PIN second factor (decision 0029) asked after each finger.
    public LoginService(FingerprintReader reader, PersonRepository people, SessionRepository sessions, TerminalLockout lockout,
            Terminal terminal, java.util.function.BooleanSupplier terminalRegistered, AuditLog audit, LoginLimits limits, Clock clock,
            SecondFactor secondFactor) {
        this.secondFactor = secondFactor;
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
        boolean unlocks = previous != null && previous.person().id().equals(person.get().id());
        SecondFactor.Need need = secondFactor.needAfterFinger(person.get());
        if (need == SecondFactor.Need.PIN && (!unlocks || locked)) {
            // Nothing starts, lifts or ends before the PIN is right (see completeWithPin).
            pendingPin = new PinStep(UUID.randomUUID().toString(), person.get(), unlocks, clock.instant().plus(PIN_TIME_LIMIT),
                    templateId, score);
            return new LoginAttempt.PinRequired(pendingPin);
        }
        if (lockedOutUntil.isPresent()) {
            lockout.liftBy(person.get());
        }
        AuditEvent login = AuditEvent.of(AuditAction.LOGIN).detail("reader", reader.readerId()).detail("template", templateId)
                .detail("score", score);
        return proceed(person.get(), need == SecondFactor.Need.PIN_TO_BE_SET ? login.detail("second_factor", "to be set") : login);
    }

    /// The person is who they say: the same person's locked session goes on, another's ends and theirs starts.
    private LoginAttempt proceed(Person person, AuditEvent login) throws AuditUnavailableException, SQLException {
        Session previous = current;
        if (previous != null && previous.person().id().equals(person.id())) {
            return unlock(previous);
        }
        if (previous != null) {
            endSession(previous, AuditEvent.of(AuditAction.FORCED_LOGOUT).detail("by", person.id())
                    .detail("reason", LOCK_SCREEN_TAKEOVER));
        }
        return login(person, login);
    }

    /// Ends the PIN step `step` with `pin`: a right PIN starts (or resumes) the session, a wrong one is a
    /// `LOGIN_FAILED` counted towards the terminal's lockout (the step stays open for another try until
    /// its time is up or the terminal locks out). A step that is over is refused as timed out.
    public synchronized LoginAttempt completeWithPin(PinStep step, char[] pin) {
        try {
            if (!step.equals(pendingPin)) {
                return new LoginAttempt.Refused(LoginAttempt.Reason.PIN_TIMED_OUT);
            }
            if (!clock.instant().isBefore(step.expiresAt())) {
                abandon(step);
                return new LoginAttempt.Refused(LoginAttempt.Reason.PIN_TIMED_OUT);
            }
            Person person = step.person();
            Optional<Instant> lockedOutUntil = lockout.lockedUntil();
            if (lockedOutUntil.isPresent() && !TerminalLockout.mayLift(person)) {
                pendingPin = null;
                audit.append(AuditEvent.of(AuditAction.LOGIN_FAILED).person(person.id()).detail("reader", reader.readerId())
                        .detail("reason", "TERMINAL_LOCKED_OUT"));
                return new LoginAttempt.LockedOut(lockedOutUntil.get());
            }
            if (!secondFactor.matches(person, pin)) {
                LoginAttempt refused = refuse(AuditEvent.of(AuditAction.LOGIN_FAILED).person(person.id()).detail("method", "finger and PIN"),
                        LoginAttempt.Reason.WRONG_PIN);
                if (!(refused instanceof LoginAttempt.Refused)) {
                    pendingPin = null;
                }
                return refused;
            }
            if (step.unlocks() && (current == null || !current.person().id().equals(person.id()))) {
                // The locked session ended while the PIN was being entered (its maximum length, elsewhere).
                pendingPin = null;
                return new LoginAttempt.Refused(LoginAttempt.Reason.PIN_TIMED_OUT);
            }
            if (lockedOutUntil.isPresent()) {
                lockout.liftBy(person);
            }
            LoginAttempt done = proceed(person, AuditEvent.of(AuditAction.LOGIN).detail("reader", reader.readerId())
                    .detail("template", step.templateId()).detail("score", step.score()).detail("second_factor", "pin"));
            pendingPin = null;
            return done;
        } catch (AuditUnavailableException e) {
            return new LoginAttempt.AuditFailed(e.getMessage());
        } catch (SQLException e) {
            return new LoginAttempt.ReaderFailed("The people directory cannot be read: " + e.getMessage());
        }
    }

    /// The PIN pad was left (its time ran out, or the person went back): the step is over and recorded
    /// as a `LOGIN_FAILED` that is not counted towards a lockout. Returns false when that cannot be recorded.
    public synchronized boolean abandonPin(PinStep step) {
        if (!step.equals(pendingPin)) {
            return true;
        }
        try {
            abandon(step);
            return true;
        } catch (AuditUnavailableException e) {
            pendingPin = null;
            return false;
        }
    }

    private void abandon(PinStep step) throws AuditUnavailableException {
        pendingPin = null;
        audit.append(AuditEvent.of(AuditAction.LOGIN_FAILED).person(step.person().id()).detail("reader", reader.readerId())
                .detail("reason", LoginAttempt.Reason.PIN_TIMED_OUT));
    }

    /// Logs in a person an administrator allowed to use a PIN instead of a finger, by their person id
    /// and PIN. Anything else (an unknown id, a person not allowed, an inactive one, a wrong PIN) is a
    /// `LOGIN_FAILED` counted towards the terminal's lockout; a locked-out terminal refuses everyone here
    /// (only an administrator's finger lifts a lockout).
    public synchronized LoginAttempt loginWithPinAlone(String personId, char[] pin) {
        try {
            AuditEvent refusal = AuditEvent.of(AuditAction.LOGIN_FAILED).detail("method", "PIN alone");
            Optional<Person> person = personId.isBlank() || personId.length() > 36 ? Optional.empty() : people.byId(personId);
            refusal = person.isPresent() ? refusal.person(person.get().id()) : refusal.detail("claimed_id", personId.length() > 36
                    ? personId.substring(0, 36) : personId);
            Optional<Instant> lockedOutUntil = lockout.lockedUntil();
            if (lockedOutUntil.isPresent()) {
                audit.append(refusal.detail("reason", "TERMINAL_LOCKED_OUT"));
                return new LoginAttempt.LockedOut(lockedOutUntil.get());
            }
            if (person.isEmpty() || !secondFactor.mayUsePinAlone(person.get())) {
                // The same slow check as for an allowed person, so the time taken does not tell who is allowed.
                secondFactor.matches(NOBODY, pin);
                return refuse(refusal, LoginAttempt.Reason.PIN_ALONE_NOT_ALLOWED);
            }
            if (!person.get().active()) {
                return refuse(refusal, LoginAttempt.Reason.INACTIVE_PERSON);
            }
            if (!terminalRegistered.getAsBoolean() && !person.get().holds(Role.ADMINISTRATOR)) {
                audit.append(refusal.detail("reason", LoginAttempt.Reason.TERMINAL_NOT_REGISTERED));
                return new LoginAttempt.Refused(LoginAttempt.Reason.TERMINAL_NOT_REGISTERED);
            }
            if (!secondFactor.matches(person.get(), pin)) {
                return refuse(refusal, LoginAttempt.Reason.WRONG_PIN);
            }
            return proceed(person.get(), AuditEvent.of(AuditAction.LOGIN).detail("method", "PIN alone"));
        } catch (AuditUnavailableException e) {
            return new LoginAttempt.AuditFailed(e.getMessage());
        } catch (SQLException e) {
            return new LoginAttempt.ReaderFailed("The people directory cannot be read: " + e.getMessage());
        }
    }

    private LoginAttempt login(Person person, AuditEvent login) throws AuditUnavailableException, SQLException {
        Session session = new Session(UUID.randomUUID().toString(), person, terminal, clock.instant());
        sessions.open(session);
        try {
            audit.append(login.person(person.id()).session(session.id()));
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
