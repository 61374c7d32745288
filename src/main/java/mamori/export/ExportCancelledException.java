package mamori.export;

/// The person producing an export cancelled it; nothing of it was left behind.
public final class ExportCancelledException extends ExportException {

    public ExportCancelledException(String message) {
        super(message);
    }
}
