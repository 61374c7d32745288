package mamori.audit;

/// Verification found damage: `seq` is the first bad entry (for truncation, the first missing one)
/// and `damage` says what kind.
public final class AuditLogDamagedException extends Exception {

    private final long seq;
    private final Damage damage;

    public AuditLogDamagedException(long seq, Damage damage, String detail) {
        super("entry " + seq + ": " + damage + " — " + detail);
        this.seq = seq;
        this.damage = damage;
    }

    public long seq() {
        return seq;
    }

    public Damage damage() {
        return damage;
    }
}
