package mamori.identity;

/// What [LoginService#enforceLimits()] did to the kiosk's session.
public sealed interface SessionChange {

    record Unchanged() implements SessionChange {
    }

    /// Idle for too long: the session is kept, the screen must lock (`LOCK` recorded).
    record Locked(Session session) implements SessionChange {
    }

    /// The session is over; the kiosk returns to the login screen.
    record Ended(Session session, EndReason reason) implements SessionChange {
    }

    enum EndReason {
        /// Reached [LoginLimits#maximumSession()] (`LOGOUT` recorded with that reason).
        MAXIMUM_LENGTH,
        /// Its row was removed by a forced logout elsewhere (the `FORCED_LOGOUT` entry is the forcer's).
        FORCED_OUT
    }
}
