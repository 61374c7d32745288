package mamori.playback;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import mamori.audit.AuditLog;
import mamori.audit.AuditSigningKey;
import mamori.camera.Camera;
import mamori.camera.CameraAdministration;
import mamori.camera.CameraCatalog;
import mamori.camera.CameraRepository;
import mamori.camera.CameraSourceRepository;
import mamori.camera.CredentialStore;
import mamori.onvif.Timeouts;
import mamori.demo.RecordingFormat;
import mamori.demo.TestPatternRecorder;
import mamori.identity.Person;
import mamori.identity.Role;
import mamori.identity.Session;
import mamori.identity.Terminal;
import mamori.policy.AccessConditions;
import mamori.policy.AccessPolicy;
import mamori.policy.ClockStatus;
import mamori.policy.DenialReason;
import mamori.policy.Grant;
import mamori.policy.Permission;
import mamori.policy.ViewingHours;
import mamori.policy.ViewingSchedule;
import mamori.recording.RecordingSegment;
import mamori.recording.RecordingStore;
import mamori.store.Database;
import mamori.store.SchemaMigrations;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;

/// A real encrypted H2 file with a real audit log, one camera with two real H.264 segment files
/// (made here with openh264) and a grant for the operator; frames go to a recording sink.
final class PlaybackFixture implements AutoCloseable {

    static final Instant RECORDED = Instant.parse("2026-11-23T01:00:00Z");
    static final RecordingFormat FORMAT = new RecordingFormat(320, 180, 10, 1, 150_000);
    static final Person OPERATOR = new Person("op-1", "鈴木 一郎", Set.of(Role.OPERATOR), true);
    static final Person STRANGER = new Person("op-2", "佐藤 花子", Set.of(Role.OPERATOR), true);

    final Database database;
    final AuditLog log;
    final mamori.audit.AuditEntryStore entries;
    final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T03:00:00Z"));
    final AtomicReference<AccessConditions> conditions = new AtomicReference<>(
            new AccessConditions(ViewingHours.noneSet(ZoneId.of("Asia/Tokyo")), true, ClockStatus.TRUSTED));
    final PlaybackService service;
    final CredentialStore credentials;
    final CameraCatalog catalog;
    final CameraAdministration administration;
    final RecordingSink sink = new RecordingSink();
    final Events events = new Events();
    final List<Path> files = new ArrayList<>();

    PlaybackFixture(Path dir) throws Exception {
        database = Database.open(dir.resolve("db"), mamori.TestKeys.fileKey("playback"), "user".toCharArray());
        new SchemaMigrations(SchemaMigrations.ALL, clock).migrate(database);
        log = new AuditLog(database, new AuditSigningKey(new Ed25519PrivateKeyParameters(new byte[32], 0)), "T-TEST", "run-1",
                clock, System::nanoTime);
        entries = new mamori.audit.AuditEntryStore(database);
        RecordingStore recordings = new RecordingStore(database, dir.resolve("recordings"));
        database.inTransaction(connection -> {
            mamori.identity.PersonRepository.insert(connection, OPERATOR, clock.instant());
            mamori.identity.PersonRepository.insert(connection, STRANGER, clock.instant());
            CameraRepository.insert(connection, new Camera("cam-1", "CAM-01", "玄関", "1F", Camera.SourceKind.RECORDING_STORE), 0);
            CameraRepository.insert(connection, Grant.toPerson(OPERATOR.id(), Optional.of("cam-1"), Permission.VIEW_RECORDINGS));
            CameraRepository.insert(connection, "cam-1", 0, new mamori.camera.PrivacyMask("left half", List.of(
                    new mamori.camera.PrivacyMask.Point(0, 0), new mamori.camera.PrivacyMask.Point(0.5, 0),
                    new mamori.camera.PrivacyMask.Point(0.5, 1), new mamori.camera.PrivacyMask.Point(0, 1))));
            return null;
        });
        TestPatternRecorder recorder = new TestPatternRecorder(FORMAT, ZoneId.of("Asia/Tokyo"));
        for (int i = 0; i < 2; i++) {
            Instant start = RECORDED.plusSeconds(3L * i);
            Path file = recordings.segmentFile("CAM-01", start, start.plusSeconds(3), "mp4");
            recorder.record(file, "CAM-01", "玄関", start, FORMAT.frames(Duration.ofSeconds(3)), done -> { });
            files.add(file);
            recordings.add(new RecordingSegment("cam-1", start, start.plusSeconds(3), file, "mp4", "h264", 320, 180, 10,
                    java.nio.file.Files.size(file)));
        }
        credentials = new CredentialStore(database, new SecretKeySpec(new byte[32], "AES"), new SecureRandom(), clock);
        catalog = new CameraCatalog(new CameraRepository(database), new AccessPolicy(), clock, conditions::get);
        administration = new CameraAdministration(database, catalog, credentials, log);
        RecordingSources sources = new RecordingSources(recordings, new CameraSourceRepository(database), credentials, clock,
                new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
        service = new PlaybackService(sources, new CameraRepository(database), new AccessPolicy(), conditions::get,
                new PurposeRule(new mamori.store.Settings(database)), log,
                new FfmpegEngine(2), clock, ZoneId.of("Asia/Tokyo"), System::nanoTime);
    }

    PlaybackSession open(Person person) throws Exception {
        Session session = new Session("session-" + person.id(), person, new Terminal("T-TEST", "test"), clock.instant());
        return service.open(session, "cam-1", 320, 180, size -> sink, events,
                new Watermark.Labels("閲覧者", "端末", "現在", "録画"));
    }

    void onlyHours(ViewingSchedule schedule) {
        conditions.set(new AccessConditions(new ViewingHours(ZoneId.of("Asia/Tokyo"), Map.of(OPERATOR.id(), schedule), Map.of()),
                true, ClockStatus.TRUSTED));
    }

    void grant(Person person, Permission permission) throws Exception {
        database.inTransaction(connection -> {
            CameraRepository.insert(connection, Grant.toPerson(person.id(), Optional.of("cam-1"), permission));
            return null;
        });
    }

    List<String> actions() throws Exception {
        List<String> actions = new ArrayList<>();
        entries.scan(entry -> {
            actions.add(entry.action());
            return true;
        });
        return actions;
    }

    @Override
    public void close() {
        log.close();
        database.close();
    }

    /// Lends two buffers in turn and remembers what was shown, like the screen does.
    static final class RecordingSink implements FrameSink {
        final List<Integer> shownChecksums = new CopyOnWriteArrayList<>();
        /// Whether the last frame shown had the mask's cover colour in the left half's middle.
        volatile boolean lastCovered;
        /// How many sampled pixels of the last frame were not the cover colour.
        volatile int lastUncovered;
        final ByteBuffer[] buffers = {ByteBuffer.allocateDirect(320 * 180 * 4), ByteBuffer.allocateDirect(320 * 180 * 4)};
        volatile Runnable onShow = () -> { };
        private int next;

        @Override
        public synchronized Optional<ByteBuffer> lend(Duration wait) {
            return Optional.of(buffers[next++ % 2]);
        }

        @Override
        public void show(DecodedFrame frame) {
            onShow.run();
            int at = 90 * frame.stride() + 80 * 4;
            lastCovered = frame.pixels().get(at) == 0x30 && frame.pixels().get(at + 1) == 0x30 && frame.pixels().get(at + 2) == 0x30;
            int uncovered = 0;
            for (int y = 0; y < frame.height(); y += 2) {
                for (int x = 0; x < frame.width(); x += 2) {
                    int p = y * frame.stride() + x * 4;
                    if (frame.pixels().get(p) != 0x30 || frame.pixels().get(p + 1) != 0x30) {
                        uncovered++;
                    }
                }
            }
            lastUncovered = uncovered;
            long sum = 0;
            for (int i = 0; i < frame.pixels().capacity(); i += 97) {
                sum += frame.pixels().get(i);
            }
            shownChecksums.add((int) sum);
        }

        @Override
        public void giveBack(ByteBuffer buffer) {
        }
    }

    /// What the session told the screen.
    static final class Events implements PlaybackListener {
        final List<Instant> shown = new CopyOnWriteArrayList<>();
        final List<Instant> endsSoon = new CopyOnWriteArrayList<>();
        final List<DenialReason> stopped = new CopyOnWriteArrayList<>();
        final List<String> auditFailures = new CopyOnWriteArrayList<>();
        final List<PlaybackException> failures = new CopyOnWriteArrayList<>();
        volatile boolean ended;

        @Override
        public void shown(Instant recorded) {
            shown.add(recorded);
        }

        @Override
        public void ended() {
            ended = true;
        }

        @Override
        public void failed(PlaybackException failure) {
            failures.add(failure);
        }

        @Override
        public void viewingEndsSoon(Instant closesAt) {
            endsSoon.add(closesAt);
        }

        @Override
        public void stoppedByPolicy(DenialReason reason) {
            stopped.add(reason);
        }

        @Override
        public void auditUnavailable(String message) {
            auditFailures.add(message);
        }
    }

    /// A clock the test moves.
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant start) {
            this.now = start;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
