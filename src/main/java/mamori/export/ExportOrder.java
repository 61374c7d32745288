package mamori.export;

import java.time.Instant;
import mamori.audit.RecordingRange;

/// An approved export, as production needs it: which footage, why and for whom, and the two
/// people who answer for it. `masksLifted` only when the approver has the right to lift them.
public record ExportOrder(String exportId, String terminalId, String cameraId, RecordingRange span, String purpose, String recipient,
        String requesterId, String requesterName, String approverId, String approverName, Instant approvedAt, boolean masksLifted) {

    public ExportOrder {
        if (requesterId.equals(approverId)) {
            throw new IllegalArgumentException("An export is approved by someone other than its requester");
        }
    }
}
