package mamori.export;

/// Who an export is for; the screen offers these, each with free text (which police station, which insurer, ...).
public enum RecipientKind {
    POLICE,
    INSURER,
    /// The person filmed, asking for disclosure of their own data (APPI article 33).
    DATA_SUBJECT,
    INTERNAL,
    OTHER
}
