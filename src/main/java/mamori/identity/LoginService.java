package mamori.identity;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import mamori.fingerprint.FingerprintReader;
import mamori.fingerprint.Identification;

/// Logs people in by finger and keeps the kiosk's one current session.
public final class LoginService {

    private final FingerprintReader reader;
    private final PersonRepository people;
    private final Terminal terminal;
    private final Clock clock;
    private final AtomicReference<Session> current = new AtomicReference<>();

    public LoginService(FingerprintReader reader, PersonRepository people, Terminal terminal, Clock clock) {
        this.reader = reader;
        this.people = people;
        this.terminal = terminal;
        this.clock = clock;
    }

    /// Waits up to `timeout` for a finger and logs its owner in.
    public LoginAttempt awaitFinger(Duration timeout) throws InterruptedException {
        Identification identification = reader.identify(timeout);
        return switch (identification) {
            case Identification.NoFinger() -> new LoginAttempt.NoFinger();
            case Identification.NotRecognised() -> new LoginAttempt.Refused(LoginAttempt.Reason.UNKNOWN_FINGER);
            case Identification.ReaderFault(String message) -> new LoginAttempt.ReaderFailed(message);
            case Identification.Matched(int templateId, int score) -> loginTemplate(templateId);
        };
    }

    private LoginAttempt loginTemplate(int templateId) {
        Optional<Person> person;
        try {
            person = people.byFingerTemplate(reader.readerId(), templateId);
        } catch (SQLException e) {
            return new LoginAttempt.ReaderFailed("The people directory cannot be read: " + e.getMessage());
        }
        if (person.isEmpty()) {
            return new LoginAttempt.Refused(LoginAttempt.Reason.UNKNOWN_FINGER);
        }
        if (!person.get().active()) {
            return new LoginAttempt.Refused(LoginAttempt.Reason.INACTIVE_PERSON);
        }
        Session session = new Session(UUID.randomUUID().toString(), person.get(), terminal, clock.instant());
        current.set(session);
        return new LoginAttempt.LoggedIn(session);
    }

    public Optional<Session> currentSession() {
        return Optional.ofNullable(current.get());
    }

    public void logout() {
        current.set(null);
    }

    public Terminal terminal() {
        return terminal;
    }

    public String readerModel() {
        return reader.model();
    }
}
