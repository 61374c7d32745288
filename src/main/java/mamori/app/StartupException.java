package mamori.app;

/// The kiosk cannot start: the message says why, in words an administrator can act on.
public final class StartupException extends Exception {

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
