package mamori.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/// The answer of the policy: allowed, or denied with the reason shown to the person and audited.
public sealed interface Decision {

    static Decision allow() {
        return new Allowed(Optional.empty());
    }

    static Decision allowUntil(Instant until) {
        return new Allowed(Optional.of(until));
    }

    static Decision deny(DenialReason reason) {
        return new Denied(reason);
    }

    default boolean allowed() {
        return this instanceof Allowed;
    }

    /// Allowed; `until` is when the permission ends (the viewing hours close), empty when it does
    /// not end within the policy's look-ahead. A player warns at [#warnAt] and stops at `until`.
    record Allowed(Optional<Instant> until) implements Decision {

        public static final Duration CLOSING_WARNING = Duration.ofMinutes(5);

        /// When to warn that viewing will stop; may already have passed if the decision was made late in the window.
        public Optional<Instant> warnAt() {
            return until.map(end -> end.minus(CLOSING_WARNING));
        }
    }

    record Denied(DenialReason reason) implements Decision {
    }
}
