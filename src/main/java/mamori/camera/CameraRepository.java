package mamori.camera;


import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mamori.identity.Role;
import mamori.policy.Grant;
import mamori.policy.Permission;
import mamori.store.Database;

/// Cameras and the grants on them.
public final class CameraRepository {

    private final Database database;

    public CameraRepository(Database database) {
        this.database = database;
    }

    public List<Camera> all() throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT id, code, name, location, source_kind FROM camera ORDER BY position, code");
                ResultSet rows = query.executeQuery()) {
            List<Camera> cameras = new ArrayList<>();
            while (rows.next()) {
                cameras.add(new Camera(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        Camera.SourceKind.valueOf(rows.getString(5))));
            }
            return cameras;
        }
    }

    public List<Grant> grants() throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT person_id, role, camera_id, permission FROM camera_grant");
                ResultSet rows = query.executeQuery()) {
            List<Grant> grants = new ArrayList<>();
            while (rows.next()) {
                grants.add(new Grant(Optional.ofNullable(rows.getString(1)),
                        Optional.ofNullable(rows.getString(2)).map(Role::valueOf),
                        Optional.ofNullable(rows.getString(3)), Permission.valueOf(rows.getString(4))));
            }
            return grants;
        }
    }

    public static void insert(Connection connection, Camera camera, int position) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO camera (id, code, name, location, source_kind, position) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, camera.id());
            insert.setString(2, camera.code());
            insert.setString(3, camera.name());
            insert.setString(4, camera.location());
            insert.setString(5, camera.sourceKind().name());
            insert.setInt(6, position);
            insert.executeUpdate();
        }
    }

    public static void insert(Connection connection, Grant grant) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO camera_grant (person_id, role, camera_id, permission) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, grant.personId().orElse(null));
            insert.setString(2, grant.role().map(Role::name).orElse(null));
            insert.setString(3, grant.cameraId().orElse(null));
            insert.setString(4, grant.permission().name());
            insert.executeUpdate();
        }
    }

    /// Removes the rows of `grant`; returns how many there were.
    public static int delete(Connection connection, Grant grant) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM camera_grant WHERE person_id IS NOT DISTINCT FROM ? "
                + "AND role IS NOT DISTINCT FROM ? AND camera_id IS NOT DISTINCT FROM ? AND permission = ?")) {
            delete.setString(1, grant.personId().orElse(null));
            delete.setString(2, grant.role().map(Role::name).orElse(null));
            delete.setString(3, grant.cameraId().orElse(null));
            delete.setString(4, grant.permission().name());
            return delete.executeUpdate();
        }
    }

    /// Whether `grant` is held.
    public static boolean exists(Connection connection, Grant grant) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM camera_grant WHERE person_id IS NOT DISTINCT FROM ? "
                + "AND role IS NOT DISTINCT FROM ? AND camera_id IS NOT DISTINCT FROM ? AND permission = ?")) {
            query.setString(1, grant.personId().orElse(null));
            query.setString(2, grant.role().map(Role::name).orElse(null));
            query.setString(3, grant.cameraId().orElse(null));
            query.setString(4, grant.permission().name());
            try (ResultSet row = query.executeQuery()) {
                return row.next();
            }
        }
    }

    /// The privacy masks of `cameraId`, in the order they were drawn.
    public List<PrivacyMask> masks(String cameraId) throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT label, corners FROM privacy_mask WHERE camera_id = ? ORDER BY position")) {
            query.setString(1, cameraId);
            List<PrivacyMask> masks = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    masks.add(new PrivacyMask(rows.getString(1), parseCorners(rows.getString(2))));
                }
            }
            return masks;
        }
    }

    public static void insert(Connection connection, String cameraId, int position, PrivacyMask mask) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO privacy_mask (camera_id, position, label, corners) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, cameraId);
            insert.setInt(2, position);
            insert.setString(3, mask.label());
            insert.setString(4, formatCorners(mask.corners()));
            insert.executeUpdate();
        }
    }

    static String formatCorners(List<PrivacyMask.Point> corners) {
        return corners.stream().map(point -> String.format(java.util.Locale.ROOT, "%.5f,%.5f", point.x(), point.y()))
                .collect(java.util.stream.Collectors.joining(";"));
    }

    static List<PrivacyMask.Point> parseCorners(String text) throws SQLException {
        List<PrivacyMask.Point> corners = new ArrayList<>();
        try {
            for (String pair : text.split(";")) {
                String[] xy = pair.split(",");
                corners.add(new PrivacyMask.Point(Double.parseDouble(xy[0]), Double.parseDouble(xy[1])));
            }
        } catch (RuntimeException e) {
            throw new SQLException("A stored privacy mask is damaged (" + text + "): " + e.getMessage(), e);
        }
        return corners;
    }
}
