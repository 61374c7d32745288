package mamori.camera;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/// The cameras as the administrators' camera screen lists them: each with its source settings and
/// whether an account is set (the user name, never the password).
public final class CameraRegistry {

    private final CameraRepository cameras;
    private final CameraSourceRepository sources;
    private final CredentialStore credentials;

    public CameraRegistry(CameraRepository cameras, CameraSourceRepository sources, CredentialStore credentials) {
        this.cameras = cameras;
        this.sources = sources;
        this.credentials = credentials;
    }

    /// A camera, its source and its account's user name when one is set.
    public record Entry(Camera camera, CameraSource source, Optional<String> accountUser) {

        public boolean accountSet() {
            return accountUser.isPresent();
        }
    }

    /// Every camera, in the facility's order.
    public List<Entry> entries() throws SQLException {
        List<Entry> entries = new ArrayList<>();
        for (Camera camera : cameras.all()) {
            entries.add(new Entry(camera, sources.source(camera.id()), credentials.userName(camera.id())));
        }
        return entries;
    }
}
