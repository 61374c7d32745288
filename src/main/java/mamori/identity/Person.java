package mamori.identity;

import java.util.Comparator;
import java.util.EnumSet;
import java.util.Set;

/// A registered person who may log in at a kiosk.
public record Person(String id, String displayName, Set<Role> roles, boolean active) {

    public Person {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    public boolean holds(Role role) {
        return roles.contains(role);
    }

    /// The most senior role, for the status bar: administrator before supervisor before auditor before operator.
    public Role primaryRole() {
        return roles.stream().max(Comparator.comparingInt(Person::seniority)).orElse(Role.OPERATOR);
    }

    private static int seniority(Role role) {
        return switch (role) {
            case OPERATOR -> 0;
            case AUDITOR -> 1;
            case SUPERVISOR -> 2;
            case ADMINISTRATOR -> 3;
        };
    }
}
