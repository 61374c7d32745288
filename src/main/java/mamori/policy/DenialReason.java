package mamori.policy;

/// Why the policy said no; each has a message in the resource bundles (`policy.denied.*`).
public enum DenialReason {
    PERSON_INACTIVE,
    NO_GRANT
}
