package mamori.audit;

/// What a check of one entry on its own (and its link to the entry before it) found.
public enum EntryState {
    VERIFIED,
    CONTENT_CHANGED,
    BAD_SIGNATURE,
    UNKNOWN_KEY,
    CHAIN_BROKEN
}
