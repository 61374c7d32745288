package mamori.camera;

import mamori.policy.DenialReason;

/// The policy refused a change of a camera's settings; the refusal is in the audit log.
public final class AdministrationDeniedException extends Exception {

    private final DenialReason reason;

    public AdministrationDeniedException(DenialReason reason) {
        super("Changing camera settings refused: " + reason);
        this.reason = reason;
    }

    public DenialReason reason() {
        return reason;
    }
}
