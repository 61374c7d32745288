package mamori.camera;

import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import mamori.identity.Session;
import mamori.policy.AccessConditions;
import mamori.policy.AccessPolicy;
import mamori.policy.AccessRequest;
import mamori.policy.Decision;
import mamori.policy.Grant;
import mamori.policy.Permission;

/// The cameras a logged-in person may see recordings of, as the policy decides now.
public final class CameraCatalog {

    private final CameraRepository cameras;
    private final AccessPolicy policy;
    private final Clock clock;
    private final Supplier<AccessConditions> conditions;

    /// `conditions` are asked at every decision: the clock's status and the terminal's registration change while the kiosk runs.
    public CameraCatalog(CameraRepository cameras, AccessPolicy policy, Clock clock, Supplier<AccessConditions> conditions) {
        this.cameras = cameras;
        this.policy = policy;
        this.clock = clock;
        this.conditions = conditions;
    }

    /// Whether the policy allows `session`'s person any of `permissions` that concern no particular
    /// camera (reading the audit log, administering); the grants are read once.
    public boolean allowsAny(Session session, Permission... permissions) throws SQLException {
        List<Grant> grants = cameras.grants();
        var now = clock.instant();
        AccessConditions current = conditions.get();
        for (Permission permission : permissions) {
            if (policy.decide(new AccessRequest(session.person(), session.terminal(), permission, Optional.empty(), now), grants, current)
                    .allowed()) {
                return true;
            }
        }
        return false;
    }

    /// The policy's decision now on `session`'s person doing `permission` with `cameraId`.
    public Decision decide(Session session, Permission permission, String cameraId) throws SQLException {
        return policy.decide(new AccessRequest(session.person(), session.terminal(), permission, Optional.of(cameraId),
                clock.instant()), cameras.grants(), conditions.get());
    }

    public List<Camera> viewableBy(Session session) throws SQLException {
        List<Grant> grants = cameras.grants();
        var now = clock.instant();
        AccessConditions current = conditions.get();
        return cameras.all().stream()
                .filter(camera -> policy.decide(new AccessRequest(session.person(), session.terminal(),
                        Permission.VIEW_RECORDINGS, Optional.of(camera.id()), now), grants, current).allowed())
                .toList();
    }
}
