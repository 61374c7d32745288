package mamori.export.media;

import mamori.export.ExportException;
import mamori.policy.DenialReason;
import java.util.Optional;

/// A copy that did not happen or was undone; [#failure()] says why in a form a screen can put into
/// words, [#recorded()] whether the failure is in the audit log.
public final class CopyFailedException extends ExportException {

    /// Why a copy failed.
    public enum Failure {
        /// The policy refused (see [#denial()]).
        DENIED,
        /// Only the requester or the approver of an export copies it.
        NOT_REQUESTER_OR_APPROVER,
        /// The destination is no longer mounted (or the folder no longer exists).
        DESTINATION_GONE,
        /// The device is no longer approved, or the list cannot be read.
        DESTINATION_NOT_APPROVED,
        /// Not enough space on the destination.
        MEDIUM_FULL,
        /// The medium went away while the copy was written or read back.
        MEDIUM_LOST,
        /// Writing or reading back failed for another reason.
        WRITE_FAILED,
        /// What was read back from the medium is not what was written.
        READ_BACK_MISMATCH,
        /// The staged package is not the one produced (size or hash differ) or cannot be read.
        SOURCE_DAMAGED,
        /// A different file of the package's name is already on the destination.
        NAME_TAKEN,
        /// The person stopped the copy.
        CANCELLED
    }

    private final Failure failure;
    private final Optional<DenialReason> denial;
    private final boolean recorded;

    CopyFailedException(Failure failure, Optional<DenialReason> denial, boolean recorded, String message, Throwable cause) {
        super(message, cause);
        this.failure = failure;
        this.denial = denial;
        this.recorded = recorded;
    }

    public Failure failure() {
        return failure;
    }

    /// The policy's reason, for [Failure#DENIED].
    public Optional<DenialReason> denial() {
        return denial;
    }

    /// Whether an audit entry records the failure (the log may have refused it too).
    public boolean recorded() {
        return recorded;
    }
}
