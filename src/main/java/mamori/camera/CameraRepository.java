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
}
