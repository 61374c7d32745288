package mamori.policy;

/// Whether this terminal's clock can be believed, as the clock sanity check reports it.
public enum ClockStatus {
    TRUSTED,
    /// The wall clock jumped and no supervisor or administrator has acknowledged it yet.
    JUMP_UNACKNOWLEDGED
}
