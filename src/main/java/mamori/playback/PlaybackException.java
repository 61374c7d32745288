package mamori.playback;

/// A recording cannot be opened or decoded; the message says what and why, for the screen and
/// the audit entry.
public class PlaybackException extends Exception {

    private final Kind kind;

    public PlaybackException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public PlaybackException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /// What went wrong, so the screen and the audit entry can say it plainly.
    public enum Kind {
        /// The file is missing, corrupt or cut short.
        UNREADABLE,
        /// The file holds no video this engine can decode.
        UNSUPPORTED,
        /// The source refused the user name or password.
        NOT_AUTHORIZED,
        /// The source stopped answering.
        CONNECTION_LOST
    }
}
