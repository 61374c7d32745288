package mamori.policy;

import java.util.List;

/// The one place that decides who may do what to which camera. Pure: everything it needs is in
/// its arguments, so it is tested table by table and never reads a clock or a database.
/// (Viewing hours, registered terminals and clock sanity come with the identity capability.)
public final class AccessPolicy {

    public Decision decide(AccessRequest request, List<Grant> grants) {
        if (!request.person().active()) {
            return Decision.deny(DenialReason.PERSON_INACTIVE);
        }
        boolean granted = grants.stream()
                .anyMatch(grant -> grant.covers(request.person(), request.cameraId(), request.permission()));
        return granted ? Decision.allow() : Decision.deny(DenialReason.NO_GRANT);
    }
}
