package mamori.export;

/// An export step that could not be done; the message says why, in words for the screen.
public class ExportException extends Exception {

    public ExportException(String message) {
        super(message);
    }

    public ExportException(String message, Throwable cause) {
        super(message, cause);
    }
}
