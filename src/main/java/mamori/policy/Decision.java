package mamori.policy;

/// The answer of the policy: allowed, or denied with the reason shown to the person and audited.
public sealed interface Decision {

    static Decision allow() {
        return new Allowed();
    }

    static Decision deny(DenialReason reason) {
        return new Denied(reason);
    }

    default boolean allowed() {
        return this instanceof Allowed;
    }

    record Allowed() implements Decision {
    }

    record Denied(DenialReason reason) implements Decision {
    }
}
