package mamori.enrolment;

import java.util.Optional;
import mamori.policy.DenialReason;

/// An enrolment change that was not made, and why. Nothing was captured, stored or recorded
/// (except a policy denial, which is itself recorded).
public final class EnrolmentRefusedException extends Exception {

    /// Why the change was refused.
    public enum Reason {
        /// The policy denies the session's person the right to administer (see [#denial()]).
        NOT_PERMITTED,
        UNKNOWN_PERSON,
        PERSON_INACTIVE,
        /// The person already has this finger enrolled on this reader: re-enrol it instead.
        FINGER_ALREADY_ENROLLED,
        /// No such enrolment of this person on this reader.
        NOT_ENROLLED,
        /// It is the last finger of the last active administrator: nobody could administer any more.
        LAST_ADMINISTRATOR_FINGER,
        /// Every template id of the reader's library is taken.
        READER_FULL,
        /// A person's name must be 1 to 200 characters.
        BAD_NAME,
        /// A person holds at least one role.
        NO_ROLE,
        /// The change would leave no active administrator.
        LAST_ADMINISTRATOR
    }

    private final Reason reason;
    private final transient Optional<DenialReason> denial;

    public EnrolmentRefusedException(Reason reason, String message) {
        this(reason, Optional.empty(), message);
    }

    public EnrolmentRefusedException(Reason reason, Optional<DenialReason> denial, String message) {
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
