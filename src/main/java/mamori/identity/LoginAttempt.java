package mamori.identity;

/// The outcome of waiting for a finger at the login screen.
public sealed interface LoginAttempt {

    record LoggedIn(Session session) implements LoginAttempt {
    }

    record Refused(Reason reason) implements LoginAttempt {
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
        INACTIVE_PERSON
    }
}
