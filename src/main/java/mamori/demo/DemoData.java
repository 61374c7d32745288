package mamori.demo;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import mamori.camera.Camera;
import mamori.identity.Role;
import mamori.policy.Grant;
import mamori.policy.Permission;

/// The fictional facility of the demo: four people (one per role), three cameras and their grants.
/// Names are invented; no real person's data is ever part of the demo.
/// No viewing hours are set, so every role is unrestricted and the demo can be shown at any hour;
/// tests that need closed hours set a schedule themselves (decision 0012).
public final class DemoData {

    /// The reader id under which the demo's fingers are enrolled.
    public static final String READER_ID = "emulated-r30x-1";
    /// The demo's administrator, in whose name the demo terminal is registered.
    public static final String ADMINISTRATOR_ID = "demo-admin";
    /// An invented facility.
    public static final String FACILITY_NAME = "デモ介護施設 みまもりの郷";

    public static final List<DemoPerson> PEOPLE = List.of(
            new DemoPerson(ADMINISTRATOR_ID, "山田 太郎", Role.ADMINISTRATOR, 1),
            new DemoPerson("demo-supervisor", "佐藤 花子", Role.SUPERVISOR, 3),
            new DemoPerson("demo-operator", "鈴木 一郎", Role.OPERATOR, 5),
            new DemoPerson("demo-auditor", "高橋 美咲", Role.AUDITOR, 7));

    public static final List<Camera> CAMERAS = List.of(
            new Camera("demo-cam-1", "CAM-01", "正面玄関", "1階 エントランス", Camera.SourceKind.RECORDING_STORE),
            new Camera("demo-cam-2", "CAM-02", "東棟 廊下", "2階 東棟", Camera.SourceKind.RECORDING_STORE),
            new Camera("demo-cam-3", "CAM-03", "食堂", "1階 食堂", Camera.SourceKind.RECORDING_STORE));

    /// Operators see the entrance and the corridor; supervisors see everything and approve exports;
    /// auditors read the log; administrators administer (and see no footage by default).
    /// The corridor camera looks into a resident's doorway: covered in every frame.
    public static final java.util.Map<String, mamori.camera.PrivacyMask> MASKS = java.util.Map.of("demo-cam-2",
            new mamori.camera.PrivacyMask("居室 203 の入口", List.of(new mamori.camera.PrivacyMask.Point(0.72, 0.30),
                    new mamori.camera.PrivacyMask.Point(0.94, 0.26), new mamori.camera.PrivacyMask.Point(0.94, 0.74),
                    new mamori.camera.PrivacyMask.Point(0.72, 0.70))));

    public static final List<Grant> GRANTS = List.of(
            Grant.toRole(Role.OPERATOR, Optional.of("demo-cam-1"), Permission.VIEW_RECORDINGS),
            Grant.toRole(Role.OPERATOR, Optional.of("demo-cam-2"), Permission.VIEW_RECORDINGS),
            Grant.toRole(Role.OPERATOR, Optional.of("demo-cam-1"), Permission.REQUEST_EXPORT),
            Grant.toRole(Role.SUPERVISOR, Optional.empty(), Permission.VIEW_RECORDINGS),
            Grant.toRole(Role.SUPERVISOR, Optional.empty(), Permission.APPROVE_EXPORT),
            Grant.toRole(Role.AUDITOR, Optional.empty(), Permission.READ_AUDIT_LOG),
            Grant.toRole(Role.ADMINISTRATOR, Optional.empty(), Permission.ADMINISTER));

    private DemoData() {
    }

    /// A demo person with two enrolled fingers: right index at `firstTemplate`, left index after it.
    public record DemoPerson(String id, String displayName, Role role, int firstTemplate) {

        public Set<Role> roles() {
            return Set.of(role);
        }
    }
}
