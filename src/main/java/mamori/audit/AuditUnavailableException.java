package mamori.audit;

/// The log could not make an entry durable. The action it was to record must not happen; the
/// message says why, for the screen.
public final class AuditUnavailableException extends Exception {

    public AuditUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
