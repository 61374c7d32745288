package mamori.identity;

import java.time.Instant;

/// The outcome of waiting for a finger at the login or lock screen.
public sealed interface LoginAttempt {

    record LoggedIn(Session session) implements LoginAttempt {
    }

    /// The locked session's own person placed their finger: the session goes on.
    record Unlocked(Session session) implements LoginAttempt {
    }

    record Refused(Reason reason) implements LoginAttempt {
    }

    /// The terminal is locked out until `until` (or an administrator's finger); this attempt was refused.
    record LockedOut(Instant until) implements LoginAttempt {
    }

    /// The finger identified a person who must also enter their PIN (see [LoginService#completeWithPin]).
    record PinRequired(PinStep step) implements LoginAttempt {
    }

    record NoFinger() implements LoginAttempt {
    }

    record ReaderFailed(String message) implements LoginAttempt {
    }

    /// The login could not be recorded, so it did not happen (fail closed).
    record AuditFailed(String message) implements LoginAttempt {
    }

    enum Reason {
        UNKNOWN_FINGER,
        INACTIVE_PERSON,
        /// This PC is not registered: only an administrator may log in, to register it.
        TERMINAL_NOT_REGISTERED,
        /// The PIN after the finger (or instead of it) was wrong; counted like an unknown finger.
        WRONG_PIN,
        /// A PIN alone was offered for a person who is unknown or not allowed to log in without a finger.
        PIN_ALONE_NOT_ALLOWED,
        /// The PIN was not entered in time (or the step was already over).
        PIN_TIMED_OUT
    }
}
