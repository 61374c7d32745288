package mamori.policy;

/// Why the policy said no; each has a message in the resource bundles (`policy.denied.<NAME>`).
public enum DenialReason {
    PERSON_INACTIVE,
    NO_GRANT,
    /// On a terminal no administrator has registered, only an administrator may do anything: register it.
    TERMINAL_NOT_REGISTERED,
    /// The wall clock jumped and nobody has acknowledged it; footage stays closed except to administrators.
    CLOCK_UNTRUSTED,
    OUTSIDE_VIEWING_HOURS,
    /// The facility asks this role or camera for the reason of viewing, and none was given.
    PURPOSE_MISSING
}
