package mamori.export;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import mamori.audit.RecordingRange;
import mamori.camera.Camera;
import mamori.camera.CameraRepository;
import mamori.camera.CameraSourceRepository;
import mamori.camera.CredentialStore;
import mamori.camera.PrivacyMask;
import mamori.demo.RecordingFormat;
import mamori.demo.TestPatternRecorder;
import mamori.onvif.Timeouts;
import mamori.playback.RecordingSources;
import mamori.recording.RecordingSegment;
import mamori.recording.RecordingStore;
import mamori.store.Database;
import mamori.store.SchemaMigrations;

/// A real encrypted H2 file with one camera (its left half masked) and real H.264 segment files
/// of 3 s each (320x180 at 10 frames/s, made here with openh264), each starting where asked.
final class ExportFixture implements AutoCloseable {

    static final Instant RECORDED = Instant.parse("2026-11-23T01:00:00Z");
    static final RecordingFormat FORMAT = new RecordingFormat(320, 180, 10, 1, 150_000);
    static final ExportWatermark.Labels LABELS = new ExportWatermark.Labels("書き出し", "依頼", "承認", "日付");
    static final ZoneId ZONE = ZoneId.of("Asia/Tokyo");

    final Database database;
    final RecordingStore recordings;
    final ExportTranscoder transcoder;
    final List<Path> files = new ArrayList<>();
    final Path exports;

    /// Segments starting at these seconds after [#RECORDED], 3 s each.
    ExportFixture(Path dir, int... segmentStarts) throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T03:00:00Z"), ZoneOffset.UTC);
        database = Database.open(dir.resolve("db"), mamori.TestKeys.fileKey("export"), "user".toCharArray());
        new SchemaMigrations(SchemaMigrations.ALL, clock).migrate(database);
        recordings = new RecordingStore(database, dir.resolve("recordings"));
        database.inTransaction(connection -> {
            CameraRepository.insert(connection, new Camera("cam-1", "CAM-01", "玄関", "1F", Camera.SourceKind.RECORDING_STORE), 0);
            CameraRepository.insert(connection, "cam-1", 0, new PrivacyMask("left half", List.of(new PrivacyMask.Point(0, 0),
                    new PrivacyMask.Point(0.5, 0), new PrivacyMask.Point(0.5, 1), new PrivacyMask.Point(0, 1))));
            return null;
        });
        TestPatternRecorder recorder = new TestPatternRecorder(FORMAT, ZONE);
        for (int seconds : segmentStarts) {
            Instant start = RECORDED.plusSeconds(seconds);
            Path file = recordings.segmentFile("CAM-01", start, start.plusSeconds(3), "mp4");
            recorder.record(file, "CAM-01", "玄関", start, FORMAT.frames(Duration.ofSeconds(3)), done -> { });
            files.add(file);
            recordings.add(new RecordingSegment("cam-1", start, start.plusSeconds(3), file, "mp4", "h264", 320, 180, 10,
                    Files.size(file)));
        }
        CredentialStore credentials = new CredentialStore(database, new SecretKeySpec(new byte[32], "AES"), new SecureRandom(), clock);
        RecordingSources sources = new RecordingSources(recordings, new CameraSourceRepository(database), credentials, clock,
                new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
        transcoder = new ExportTranscoder(sources, new CameraRepository(database), LABELS, ZONE);
        exports = Files.createDirectories(dir.resolve("exports"));
    }

    static ExportOrder order(int fromSecond, int toSecond, boolean masksLifted) {
        return order(RECORDED.plusSeconds(fromSecond), RECORDED.plusSeconds(toSecond), masksLifted);
    }

    static ExportOrder order(Instant from, Instant to, boolean masksLifted) {
        return new ExportOrder("EXP-0001", "T-TEST", "cam-1", new RecordingRange(from, to), "警察への提出", "警察署",
                "op-1", "鈴木 一郎", "sv-1", "高橋 次郎", Instant.parse("2026-11-23T02:30:00Z"), masksLifted);
    }

    @Override
    public void close() {
        database.close();
    }
}
