package mamori.policy;

import java.util.Objects;

/// What the policy weighs besides the request and the grants: the facility's viewing hours, whether
/// this terminal has been registered by an administrator, and whether its clock can be believed.
public record AccessConditions(ViewingHours viewingHours, boolean terminalRegistered, ClockStatus clock) {

    public AccessConditions {
        Objects.requireNonNull(viewingHours, "viewingHours");
        Objects.requireNonNull(clock, "clock");
    }
}
