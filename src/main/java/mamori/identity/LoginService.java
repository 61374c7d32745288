package mamori.identity;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.AuditLog;
import mamori.audit.AuditUnavailableException;
import mamori.fingerprint.FingerprintReader;
import mamori.fingerprint.Identification;

/// Logs people in by finger and keeps the kiosk's one current session. Every login, refusal and
/// logout is an audit entry written first: when it cannot be written, the login or logout does not
/// happen.
public final class LoginService {

    private final FingerprintReader reader;
    private final PersonRepository people;
    private final Terminal terminal;
    private final AuditLog audit;
    private final Clock clock;
    private final AtomicReference<Session> current = new AtomicReference<>();
    /// Whether the reader answered last time; only changes are recorded, so a dead reader polled
    /// every half second does not flood the log.
    private final java.util.concurrent.atomic.AtomicBoolean readerAnswering = new java.util.concurrent.atomic.AtomicBoolean(true);

    public LoginService(FingerprintReader reader, PersonRepository people, Terminal terminal, AuditLog audit, Clock clock) {
        this.reader = reader;
        this.people = people;
        this.terminal = terminal;
        this.audit = audit;
        this.clock = clock;
    }

    /// Waits up to `timeout` for a finger and logs its owner in.
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
        return switch (identification) {
            case Identification.NoFinger() -> new LoginAttempt.NoFinger();
            case Identification.NotRecognised() -> refuse(AuditEvent.of(AuditAction.LOGIN_FAILED), LoginAttempt.Reason.UNKNOWN_FINGER);
            case Identification.ReaderFault(String message) -> new LoginAttempt.ReaderFailed(message);
            case Identification.Matched(int templateId, int score) -> loginTemplate(templateId, score);
        };
    }

    private LoginAttempt loginTemplate(int templateId, int score) {
        Optional<Person> person;
        try {
            person = people.byFingerTemplate(reader.readerId(), templateId);
        } catch (SQLException e) {
            return new LoginAttempt.ReaderFailed("The people directory cannot be read: " + e.getMessage());
        }
        AuditEvent attempt = AuditEvent.of(AuditAction.LOGIN_FAILED).detail("template", templateId);
        if (person.isEmpty()) {
            return refuse(attempt, LoginAttempt.Reason.UNKNOWN_FINGER);
        }
        if (!person.get().active()) {
            return refuse(attempt.person(person.get().id()), LoginAttempt.Reason.INACTIVE_PERSON);
        }
        Session session = new Session(UUID.randomUUID().toString(), person.get(), terminal, clock.instant());
        try {
            audit.append(AuditEvent.of(AuditAction.LOGIN).person(session.person().id()).session(session.id())
                    .detail("reader", reader.readerId()).detail("template", templateId).detail("score", score));
        } catch (AuditUnavailableException e) {
            return new LoginAttempt.AuditFailed(e.getMessage());
        }
        current.set(session);
        return new LoginAttempt.LoggedIn(session);
    }

    private LoginAttempt refuse(AuditEvent event, LoginAttempt.Reason reason) {
        try {
            audit.append(event.detail("reader", reader.readerId()).detail("reason", reason));
        } catch (AuditUnavailableException e) {
            return new LoginAttempt.AuditFailed(e.getMessage());
        }
        return new LoginAttempt.Refused(reason);
    }

    public Optional<Session> currentSession() {
        return Optional.ofNullable(current.get());
    }

    /// Ends the current session once its end is recorded; with no session, does nothing.
    public void logout() throws AuditUnavailableException {
        endSession(AuditAction.LOGOUT);
    }

    /// Records the administrator's exit of the kiosk (and the end of their session); throws, and the
    /// kiosk stays, when that cannot be recorded.
    public void exitKiosk() throws AuditUnavailableException {
        Session session = current.get();
        AuditEvent exit = AuditEvent.of(AuditAction.KIOSK_EXITED);
        if (session != null) {
            exit = exit.person(session.person().id()).session(session.id());
        }
        audit.append(exit);
        current.set(null);
    }

    private void endSession(AuditAction action) throws AuditUnavailableException {
        Session session = current.get();
        if (session == null) {
            return;
        }
        audit.append(AuditEvent.of(action).person(session.person().id()).session(session.id())
                .detail("duration_seconds", java.time.Duration.between(session.startedAt(), clock.instant()).toSeconds()));
        current.compareAndSet(session, null);
        audit.requestCheckpoint(action.name());
    }

    public Terminal terminal() {
        return terminal;
    }

    public String readerModel() {
        return reader.model();
    }
}
