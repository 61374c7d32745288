package mamori.policy;

import java.time.ZoneId;
import java.util.List;
import mamori.identity.Person;
import mamori.identity.Role;

/// The one place that decides who may do what to which camera. Pure: everything it needs is in
/// its arguments, so it is tested table by table and never reads a clock or a database. The
/// request's instant must be the trusted time (see `mamori.clock.ClockSanity`), not the raw wall clock.
///
/// Checks, in order, so the reason given is the one that matters most: the person is active; the
/// terminal is registered (or an administrator is administering it); a grant covers the request;
/// for anything that shows or releases footage, the clock is trusted (or the person is an
/// administrator) and the person's viewing hours are open.
public final class AccessPolicy {

    public Decision decide(AccessRequest request, List<Grant> grants, AccessConditions conditions) {
        Person person = request.person();
        Permission permission = request.permission();
        if (!person.active()) {
            return Decision.deny(DenialReason.PERSON_INACTIVE);
        }
        if (!conditions.terminalRegistered() && !(permission == Permission.ADMINISTER && person.holds(Role.ADMINISTRATOR))) {
            return Decision.deny(DenialReason.TERMINAL_NOT_REGISTERED);
        }
        boolean granted = grants.stream().anyMatch(grant -> grant.covers(person, request.cameraId(), permission));
        if (!granted) {
            return Decision.deny(DenialReason.NO_GRANT);
        }
        if (!concernsFootage(permission)) {
            return Decision.allow();
        }
        // Administrators are exempt: they look into the jump and set the clock right, still within their viewing hours.
        if (conditions.clock() == ClockStatus.JUMP_UNACKNOWLEDGED && !person.holds(Role.ADMINISTRATOR)) {
            return Decision.deny(DenialReason.CLOCK_UNTRUSTED);
        }
        ViewingSchedule hours = conditions.viewingHours().applyingTo(person);
        ZoneId zone = conditions.viewingHours().zone();
        if (!hours.allows(request.at(), zone)) {
            return Decision.deny(DenialReason.OUTSIDE_VIEWING_HOURS);
        }
        return new Decision.Allowed(hours.closesAfter(request.at(), zone));
    }

    /// Whether a permission shows footage or lets it out, and so is bound to viewing hours and a trusted clock.
    static boolean concernsFootage(Permission permission) {
        return switch (permission) {
            case VIEW_RECORDINGS, VIEW_LIVE, REQUEST_EXPORT, APPROVE_EXPORT, LIFT_PRIVACY_MASKS -> true;
            case READ_AUDIT_LOG, ADMINISTER -> false;
        };
    }
}
