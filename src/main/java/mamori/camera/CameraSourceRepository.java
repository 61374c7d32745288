package mamori.camera;

import java.net.URI;
import java.net.URISyntaxException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import mamori.store.Database;

/// The source settings of each camera: `camera.source_kind` and, for RTSP and ONVIF, the row of
/// `camera_source` that goes with it.
public final class CameraSourceRepository {

    private final Database database;

    public CameraSourceRepository(Database database) {
        this.database = database;
    }

    public CameraSource source(String cameraId) throws SQLException {
        try (Connection connection = database.connection()) {
            return source(connection, cameraId);
        }
    }

    static CameraSource source(Connection connection, String cameraId) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT c.source_kind, s.source_uri, s.recorded_from, s.recorded_millis, s.recording_ref, s.profile_ref "
                        + "FROM camera c LEFT JOIN camera_source s ON s.camera_id = c.id WHERE c.id = ?")) {
            query.setString(1, cameraId);
            try (ResultSet row = query.executeQuery()) {
                if (!row.next()) {
                    throw new SQLException("No camera " + cameraId);
                }
                Camera.SourceKind kind = Camera.SourceKind.valueOf(row.getString(1));
                if (kind != Camera.SourceKind.RECORDING_STORE && row.getString(2) == null) {
                    throw new SQLException("Camera " + cameraId + " is a " + kind + " camera without source settings");
                }
                try {
                    return switch (kind) {
                        case RECORDING_STORE -> new CameraSource.LocalStore();
                        case RTSP -> new CameraSource.Rtsp(uri(row.getString(2)), row.getObject(3) == null ? Optional.empty()
                                : Optional.of(new CameraSource.Recorded(row.getObject(3, OffsetDateTime.class).toInstant(),
                                        Duration.ofMillis(row.getLong(4)))));
                        case ONVIF -> new CameraSource.Onvif(uri(row.getString(2)), Optional.ofNullable(row.getString(5)),
                                Optional.ofNullable(row.getString(6)));
                    };
                } catch (IllegalArgumentException e) {
                    throw new SQLException("The stored source settings of camera " + cameraId + " are not valid: " + e.getMessage(), e);
                }
            }
        }
    }

    /// Sets `cameraId`'s source, replacing what it had; part of the caller's transaction.
    static void setSource(Connection connection, String cameraId, CameraSource source) throws SQLException {
        try (PreparedStatement kind = connection.prepareStatement("UPDATE camera SET source_kind = ? WHERE id = ?")) {
            kind.setString(1, source.kind().name());
            kind.setString(2, cameraId);
            if (kind.executeUpdate() != 1) {
                throw new SQLException("No camera " + cameraId);
            }
        }
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM camera_source WHERE camera_id = ?")) {
            delete.setString(1, cameraId);
            delete.executeUpdate();
        }
        switch (source) {
            case CameraSource.LocalStore _ -> { }
            case CameraSource.Rtsp rtsp -> insert(connection, cameraId, rtsp.uri(),
                    rtsp.recorded().map(span -> OffsetDateTime.ofInstant(span.start(), ZoneOffset.UTC)).orElse(null),
                    rtsp.recorded().map(span -> span.length().toMillis()).orElse(null), null, null);
            case CameraSource.Onvif onvif -> insert(connection, cameraId, onvif.deviceService(), null, null,
                    onvif.recordingToken().orElse(null), onvif.profileToken().orElse(null));
        }
    }

    private static void insert(Connection connection, String cameraId, URI uri, OffsetDateTime recordedFrom, Long recordedMillis,
            String recordingRef, String profileRef) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO camera_source (camera_id, source_uri, "
                + "recorded_from, recorded_millis, recording_ref, profile_ref) VALUES (?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, cameraId);
            insert.setString(2, uri.toString());
            insert.setObject(3, recordedFrom);
            insert.setObject(4, recordedMillis);
            insert.setString(5, recordingRef);
            insert.setString(6, profileRef);
            insert.executeUpdate();
        }
    }

    private static URI uri(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not an address: " + e.getReason(), e);
        }
    }
}
