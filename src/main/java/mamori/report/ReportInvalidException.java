package mamori.report;

/// A report that does not hold: its signature, its signer, its binding to the log, or the log
/// itself since the report was made. The message says which.
public final class ReportInvalidException extends Exception {

    public ReportInvalidException(String message) {
        super(message);
    }

    public ReportInvalidException(String message, Throwable cause) {
        super(message, cause);
    }
}
