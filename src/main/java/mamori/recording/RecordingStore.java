package mamori.recording;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mamori.store.Database;

/// The local recording store: segment files under `recordings/<camera>/<date>/` and their index.
public final class RecordingStore {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    private final Database database;
    private final Path root;

    public RecordingStore(Database database, Path root) {
        this.database = database;
        this.root = root;
    }

    /// Where a segment of `cameraCode` starting at `start` is kept, e.g.
    /// `recordings/CAM-01/20261123/CAM-01_20261123T050000Z_20261123T051000Z.mp4`.
    public Path segmentFile(String cameraCode, Instant start, Instant end, String extension) {
        return root.resolve(cameraCode).resolve(DAY.format(start))
                .resolve(cameraCode + "_" + STAMP.format(start) + "_" + STAMP.format(end) + "." + extension);
    }

    public void add(RecordingSegment segment) throws SQLException {
        database.inTransaction(connection -> {
            try (PreparedStatement insert = connection.prepareStatement(
                    "MERGE INTO recording_segment (camera_id, start_at, end_at, file_path, container, video_codec, "
                            + "width, height, frame_rate, size_bytes) KEY (camera_id, start_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, segment.cameraId());
                insert.setObject(2, utc(segment.start()));
                insert.setObject(3, utc(segment.end()));
                insert.setString(4, root.relativize(segment.file()).toString());
                insert.setString(5, segment.container());
                insert.setString(6, segment.videoCodec());
                insert.setInt(7, segment.width());
                insert.setInt(8, segment.height());
                insert.setInt(9, segment.frameRate());
                insert.setLong(10, segment.sizeBytes());
                insert.executeUpdate();
            }
            return null;
        });
    }

    public List<RecordingSegment> segments(String cameraId) throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT start_at, end_at, file_path, container, video_codec, width, height, frame_rate, size_bytes "
                                + "FROM recording_segment WHERE camera_id = ? ORDER BY start_at")) {
            query.setString(1, cameraId);
            List<RecordingSegment> segments = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    segments.add(new RecordingSegment(cameraId, rows.getObject(1, OffsetDateTime.class).toInstant(),
                            rows.getObject(2, OffsetDateTime.class).toInstant(), root.resolve(rows.getString(3)),
                            rows.getString(4), rows.getString(5), rows.getInt(6), rows.getInt(7), rows.getInt(8), rows.getLong(9)));
                }
            }
            return segments;
        }
    }

    public Optional<RecordedSpan> span(String cameraId) throws SQLException {
        try (Connection connection = database.connection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT MIN(start_at), MAX(end_at), COUNT(*) FROM recording_segment WHERE camera_id = ?")) {
            query.setString(1, cameraId);
            try (ResultSet row = query.executeQuery()) {
                row.next();
                if (row.getInt(3) == 0) {
                    return Optional.empty();
                }
                return Optional.of(new RecordedSpan(row.getObject(1, OffsetDateTime.class).toInstant(),
                        row.getObject(2, OffsetDateTime.class).toInstant(), row.getInt(3)));
            }
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
