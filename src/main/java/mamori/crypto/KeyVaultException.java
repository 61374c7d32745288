package mamori.crypto;

/// The key store cannot be opened, read or written; the kiosk must not start without it.
public final class KeyVaultException extends Exception {

    public KeyVaultException(String message) {
        super(message);
    }

    public KeyVaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
