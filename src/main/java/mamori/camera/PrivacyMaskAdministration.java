package mamori.camera;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mamori.audit.AuditUnavailableException;
import mamori.identity.Session;
import mamori.store.Database;

/// The privacy masks of each camera, as administrators draw them: the whole set of a camera is
/// replaced at once, recorded as a `CONFIGURATION_CHANGE` with the old and the new polygons
/// (corners scaled to 0..1) before it is stored; an unchanged set is no change.
public final class PrivacyMaskAdministration {

    /// Most masks per camera and corners per mask accepted (a stored mask's corners fit their column).
    public static final int MAX_MASKS = 16;
    public static final int MAX_CORNERS = 64;
    public static final int MAX_LABEL_CHARS = 200;

    private final CameraRepository cameras;
    private final CameraAdministration administration;

    public PrivacyMaskAdministration(Database database, CameraAdministration administration) {
        this.cameras = new CameraRepository(database);
        this.administration = administration;
    }

    /// The masks of `cameraId`, in the order they were drawn.
    public List<PrivacyMask> masks(String cameraId) throws SQLException {
        return cameras.masks(cameraId);
    }

    /// Replaces every mask of `cameraId` with `masks` (administrators of that camera only).
    public void replace(Session by, String cameraId, List<PrivacyMask> masks)
            throws SQLException, AuditUnavailableException, AdministrationDeniedException {
        if (masks.size() > MAX_MASKS) {
            throw new IllegalArgumentException("At most " + MAX_MASKS + " privacy masks per camera");
        }
        for (PrivacyMask mask : masks) {
            if (mask.corners().size() > MAX_CORNERS) {
                throw new IllegalArgumentException("A privacy mask has at most " + MAX_CORNERS + " corners");
            }
            if (mask.label().isBlank() || mask.label().length() > MAX_LABEL_CHARS) {
                throw new IllegalArgumentException("A privacy mask's label must be 1 to " + MAX_LABEL_CHARS + " characters");
            }
        }
        List<PrivacyMask> updated = List.copyOf(masks);
        administration.requireAdministrator(by, cameraId);
        administration.change(by, cameraId, "privacy masks", connection -> {
            List<PrivacyMask> old = cameras.masks(cameraId);
            if (auditDetails(old).equals(auditDetails(updated))) {
                return Optional.empty();
            }
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM privacy_mask WHERE camera_id = ?")) {
                delete.setString(1, cameraId);
                delete.executeUpdate();
            }
            for (int i = 0; i < updated.size(); i++) {
                CameraRepository.insert(connection, cameraId, i, updated.get(i));
            }
            return Optional.of(new CameraAdministration.Change(Map.of("masks", auditDetails(old)), Map.of("masks", auditDetails(updated))));
        });
    }

    /// Each mask as the log shows it: its label and its corners as stored ("x,y;x,y;...", 0..1).
    private static List<Map<String, Object>> auditDetails(List<PrivacyMask> masks) {
        List<Map<String, Object>> details = new ArrayList<>();
        for (PrivacyMask mask : masks) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("label", mask.label());
            one.put("corners", CameraRepository.formatCorners(mask.corners()));
            details.add(one);
        }
        return details;
    }
}
