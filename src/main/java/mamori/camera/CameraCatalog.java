package mamori.camera;

import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
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

/// The cameras a logged-in person has been granted, and what the policy decides about each now.
public final class CameraCatalog {

    private final CameraRepository cameras;
    private final AccessPolicy policy;
    private final Clock trustedClock;
    private final Supplier<AccessConditions> conditions;

    /// `trustedClock` reads the clock check's trusted time, never the raw wall clock (decision 0009);
    /// `conditions` are asked at every decision: the clock's status, the viewing hours and the
    /// terminal's registration change while the kiosk runs.
    public CameraCatalog(CameraRepository cameras, AccessPolicy policy, Clock trustedClock, Supplier<AccessConditions> conditions) {
        this.cameras = cameras;
        this.policy = policy;
        this.trustedClock = trustedClock;
        this.conditions = conditions;
    }

    /// Whether the policy allows `session`'s person any of `permissions` that concern no particular
    /// camera (reading the audit log, administering); the grants are read once.
    public boolean allowsAny(Session session, Permission... permissions) throws SQLException {
        List<Grant> grants = cameras.grants();
        Instant now = trustedClock.instant();
        AccessConditions current = conditions.get();
        for (Permission permission : permissions) {
            if (policy.decide(new AccessRequest(session.person(), session.terminal(), permission, Optional.empty(), now), grants, current)
                    .allowed()) {
                return true;
            }
        }
        return false;
    }

    /// Every camera, in the facility's order.
    public List<Camera> cameras() throws SQLException {
        return cameras.all();
    }

    /// Every grant held, for the administrators' rights screen.
    public List<Grant> grants() throws SQLException {
        return cameras.grants();
    }

    /// The policy's decision now on `session`'s person doing `permission` with `cameraId`.
    public Decision decide(Session session, Permission permission, String cameraId) throws SQLException {
        return policy.decide(new AccessRequest(session.person(), session.terminal(), permission, Optional.of(cameraId),
                trustedClock.instant()), cameras.grants(), conditions.get());
    }

    /// Every camera `session`'s person holds a grant to view recordings of, with the policy's
    /// decision now: allowed, or denied for a reason the person is shown (outside viewing hours,
    /// clock untrusted, ...). Cameras without a grant are not listed.
    public List<CameraAccess> grantedTo(Session session) throws SQLException {
        List<Grant> grants = cameras.grants();
        Instant now = trustedClock.instant();
        AccessConditions current = conditions.get();
        List<CameraAccess> granted = new ArrayList<>();
        for (Camera camera : cameras.all()) {
            Optional<String> cameraId = Optional.of(camera.id());
            if (grants.stream().anyMatch(grant -> grant.covers(session.person(), cameraId, Permission.VIEW_RECORDINGS))) {
                granted.add(new CameraAccess(camera, policy.decide(new AccessRequest(session.person(), session.terminal(),
                        Permission.VIEW_RECORDINGS, cameraId, now), grants, current)));
            }
        }
        return granted;
    }

    /// The cameras `session`'s person may view recordings of now.
    public List<Camera> viewableBy(Session session) throws SQLException {
        return grantedTo(session).stream().filter(access -> access.decision().allowed()).map(CameraAccess::camera).toList();
    }

    /// A granted camera and whether its recordings may be viewed now.
    public record CameraAccess(Camera camera, Decision decision) {
    }
}
