package mamori.replay;

/// The replay cannot go on; the message names the address and what went wrong, never a password.
public final class ReplayException extends Exception {

    private final Kind kind;

    public ReplayException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public ReplayException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public enum Kind {
        /// The recorder refused the user name or password (401 after our answer to its challenge).
        NOT_AUTHORIZED,
        /// No connection, the connection broke, or the recorder stopped answering in time.
        CONNECTION_LOST,
        /// The recorder speaks RTSP but not what we need (no onvif-replay, no H.264 or H.265 track).
        UNSUPPORTED,
        /// What came back is not RTSP/RTP as specified (garbage, oversized, out of order).
        PROTOCOL
    }
}
