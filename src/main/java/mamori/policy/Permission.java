package mamori.policy;

/// What a grant allows a person to do with a camera (or with the system, for the last two).
public enum Permission {
    VIEW_RECORDINGS,
    VIEW_LIVE,
    REQUEST_EXPORT,
    APPROVE_EXPORT,
    LIFT_PRIVACY_MASKS,
    READ_AUDIT_LOG,
    ADMINISTER
}
