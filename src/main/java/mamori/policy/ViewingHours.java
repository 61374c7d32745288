package mamori.policy;

import java.time.ZoneId;
import java.util.Map;
import java.util.Objects;
import mamori.identity.Person;
import mamori.identity.Role;

/// The facility's viewing hours: schedules set for particular people and for roles, in the
/// facility's time zone. See docs/decisions/0009-viewing-hours.md for how they combine.
public record ViewingHours(ZoneId zone, Map<String, ViewingSchedule> byPerson, Map<Role, ViewingSchedule> byRole) {

    public ViewingHours {
        Objects.requireNonNull(zone, "zone");
        byPerson = Map.copyOf(byPerson);
        byRole = Map.copyOf(byRole);
    }

    /// No schedule set: every role views at any hour.
    public static ViewingHours noneSet(ZoneId zone) {
        return new ViewingHours(zone, Map.of(), Map.of());
    }

    /// The person's own schedule if one is set (it overrides their roles', narrower or wider);
    /// otherwise the union of their roles' schedules, where a role without one is unrestricted.
    /// A person with neither an own schedule nor any role gets none: nothing gives them hours.
    public ViewingSchedule applyingTo(Person person) {
        ViewingSchedule own = byPerson.get(person.id());
        if (own != null) {
            return own;
        }
        return ViewingSchedule.union(person.roles().stream()
                .map(role -> byRole.getOrDefault(role, ViewingSchedule.always()))
                .toList());
    }
}
