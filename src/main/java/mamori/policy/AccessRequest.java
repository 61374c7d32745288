package mamori.policy;

import java.time.Instant;
import java.util.Optional;
import mamori.identity.Person;
import mamori.identity.Terminal;

/// May `person`, on `terminal`, do `permission` to `cameraId` (empty: no particular camera) at `at`?
public record AccessRequest(Person person, Terminal terminal, Permission permission, Optional<String> cameraId, Instant at) {
}
