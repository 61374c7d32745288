package mamori.pin;

import java.util.Optional;
import mamori.policy.DenialReason;

/// A PIN change was refused before anything changed: the PIN breaks a rule, the person is unknown,
/// or the policy does not let the session's person administer PINs (that refusal is in the log).
public final class PinRefusedException extends Exception {

    /// Why.
    public enum Reason {
        RULE,
        REPEAT_DIFFERS,
        UNKNOWN_PERSON,
        OWN_ALLOWANCE,
        NO_REASON_GIVEN,
        NOT_PERMITTED
    }

    private final Reason reason;
    private final Optional<PinRules.Problem> problem;
    private final Optional<DenialReason> denial;

    PinRefusedException(Reason reason, Optional<PinRules.Problem> problem, Optional<DenialReason> denial) {
        super("PIN change refused: " + reason + problem.map(p -> " (" + p + ")").orElse("") + denial.map(d -> " (" + d + ")").orElse(""));
        this.reason = reason;
        this.problem = problem;
        this.denial = denial;
    }

    public Reason reason() {
        return reason;
    }

    /// The rule a new PIN broke, for [Reason#RULE].
    public Optional<PinRules.Problem> problem() {
        return problem;
    }

    /// The policy's reason, for [Reason#NOT_PERMITTED].
    public Optional<DenialReason> denial() {
        return denial;
    }
}
