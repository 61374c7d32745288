package mamori.export;

import java.util.Optional;
import mamori.policy.DenialReason;

/// A request, approval or denial the rules do not allow; the refusal is already in the audit log.
public final class ExportRefusedException extends Exception {

    /// Why; each has a message in the resource bundles (`export.refused.<NAME>`).
    public enum Reason {
        /// The policy said no (no grant, outside viewing hours, clock untrusted, ...): see [#policyReason()].
        POLICY,
        /// The finger placed to approve is the requester's own: four eyes means two people.
        SELF_APPROVAL,
        EXPIRED,
        /// Decided already (or never made): nothing to approve or deny.
        NOT_PENDING,
        /// Masks were to be lifted by an approver without the right to lift them.
        MASKS_NOT_LIFTABLE
    }

    private final Reason reason;
    private final Optional<DenialReason> policyReason;

    public ExportRefusedException(Reason reason, Optional<DenialReason> policyReason) {
        super(reason.name() + policyReason.map(denial -> " (" + denial.name() + ")").orElse(""));
        this.reason = reason;
        this.policyReason = policyReason;
    }

    public Reason reason() {
        return reason;
    }

    public Optional<DenialReason> policyReason() {
        return policyReason;
    }
}
