package mamori.export;

/// Who will receive an export: the kind and the requester's words (a station, a case number, a name).
public record Recipient(RecipientKind kind, String text) {

    public static final int MAX_TEXT = 200;

    public Recipient {
        text = text == null ? "" : text.strip();
        if (text.length() > MAX_TEXT) {
            throw new IllegalArgumentException("A recipient is described in at most " + MAX_TEXT + " characters");
        }
        if (kind == RecipientKind.OTHER && text.isEmpty()) {
            throw new IllegalArgumentException("An 'other' recipient must be named");
        }
    }

    /// As the export's order and the package carry it: `POLICE: 中央警察署`.
    public String described() {
        return text.isEmpty() ? kind.name() : kind.name() + ": " + text;
    }
}
