package mamori.terminals;

import java.util.Optional;
import mamori.policy.DenialReason;

/// A terminal change that was not made, and why; nothing was changed (a policy denial is recorded).
public final class TerminalRefusedException extends Exception {

    /// Why the change was refused.
    public enum Reason {
        /// The policy denies the session's person the right to administer (see [#denial()]).
        NOT_PERMITTED,
        UNKNOWN_TERMINAL,
        /// This PC's own registration is not withdrawn from here: only administrators could log in afterwards.
        THIS_TERMINAL,
        /// The terminal has no registration to withdraw.
        NOT_REGISTERED,
        /// This PC is registered already.
        ALREADY_REGISTERED,
        /// A terminal's name must be 1 to 200 characters.
        BAD_NAME
    }

    private final Reason reason;
    private final transient Optional<DenialReason> denial;

    public TerminalRefusedException(Reason reason, String message) {
        this(reason, Optional.empty(), message);
    }

    public TerminalRefusedException(Reason reason, Optional<DenialReason> denial, String message) {
        super(message);
        this.reason = reason;
        this.denial = denial;
    }

    public Reason reason() {
        return reason;
    }

    /// The policy's reason when [Reason#NOT_PERMITTED].
    public Optional<DenialReason> denial() {
        return denial;
    }
}
