package mamori.store;

/// The database cannot be opened, migrated or written.
public final class StoreException extends Exception {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
