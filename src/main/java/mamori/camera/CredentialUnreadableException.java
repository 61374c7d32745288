package mamori.camera;

/// A stored camera password cannot be opened with this terminal's key. The message says what to
/// do; it never holds the password or the sealed bytes.
public final class CredentialUnreadableException extends Exception {

    public CredentialUnreadableException(String message) {
        super(message);
    }
}
