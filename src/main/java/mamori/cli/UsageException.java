package mamori.cli;

/// A command was called with words it does not take.
final class UsageException extends Exception {

    UsageException(String message) {
        super(message);
    }
}
