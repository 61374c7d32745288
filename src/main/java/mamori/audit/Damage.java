package mamori.audit;

/// The kinds of damage verification tells apart.
public enum Damage {
    /// An entry's content, or a stored column, differs from what was signed.
    CHANGED,
    /// Entries are missing from the sequence.
    REMOVED,
    /// An entry that is not an original of this chain stands between two that are.
    INSERTED,
    /// Original entries stand in another order.
    REORDERED,
    /// The log is shorter than a checkpoint says it was, or its first entries no longer give the checkpoint's root.
    TRUNCATED,
    /// An entry's signature does not verify with its key.
    BAD_SIGNATURE,
    /// An entry names a key that is not trusted (another terminal's, a swapped key store's, a forger's).
    UNKNOWN_KEY
}
