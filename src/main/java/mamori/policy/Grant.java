package mamori.policy;

import java.util.Optional;
import mamori.identity.Person;
import mamori.identity.Role;

/// A right given to one person or to everyone holding a role, for one camera or for all cameras.
public record Grant(Optional<String> personId, Optional<Role> role, Optional<String> cameraId, Permission permission) {

    public Grant {
        if (personId.isPresent() == role.isPresent()) {
            throw new IllegalArgumentException("A grant names a person or a role, exactly one");
        }
    }

    public static Grant toRole(Role role, Optional<String> cameraId, Permission permission) {
        return new Grant(Optional.empty(), Optional.of(role), cameraId, permission);
    }

    public static Grant toPerson(String personId, Optional<String> cameraId, Permission permission) {
        return new Grant(Optional.of(personId), Optional.empty(), cameraId, permission);
    }

    /// Whether this grant gives `person` the `wanted` permission on `camera`.
    public boolean covers(Person person, Optional<String> camera, Permission wanted) {
        boolean who = personId.map(person.id()::equals).orElseGet(() -> person.holds(role.orElseThrow()));
        boolean which = cameraId.isEmpty() || cameraId.equals(camera);
        return who && which && permission == wanted;
    }
}
