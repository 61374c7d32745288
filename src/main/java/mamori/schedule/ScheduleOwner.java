package mamori.schedule;

import java.util.Objects;
import mamori.identity.Role;

/// Whose viewing schedule: one person's own, or a role's.
public sealed interface ScheduleOwner {

    record OfPerson(String personId) implements ScheduleOwner {
        public OfPerson {
            Objects.requireNonNull(personId, "personId");
        }
    }

    record OfRole(Role role) implements ScheduleOwner {
        public OfRole {
            Objects.requireNonNull(role, "role");
        }
    }

    /// The `viewing_schedule` column naming the owner: one of two constants, never input.
    default String column() {
        return switch (this) {
            case OfPerson person -> "person_id";
            case OfRole role -> "role";
        };
    }

    default String key() {
        return switch (this) {
            case OfPerson(String personId) -> personId;
            case OfRole(Role role) -> role.name();
        };
    }
}
