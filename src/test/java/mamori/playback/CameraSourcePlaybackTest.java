package mamori.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import mamori.camera.Camera;
import mamori.camera.CameraAccount;
import mamori.camera.CameraRepository;
import mamori.camera.CameraSource;
import mamori.identity.Person;
import mamori.identity.PersonRepository;
import mamori.identity.Role;
import mamori.identity.Session;
import mamori.identity.Terminal;
import mamori.media.FrameCodedClip;
import mamori.media.RtspTestServer;
import mamori.onvif.OnvifSchemas;
import mamori.onvif.OnvifTestDevice;
import mamori.onvif.RecordingSource;
import mamori.onvif.RecordingSummary;
import mamori.onvif.RecordingTrack;
import mamori.onvif.TrackType;
import mamori.policy.Grant;
import mamori.policy.Permission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/// Cameras registered with an RTSP or ONVIF source and an encrypted account, played end to end:
/// GStreamer's RTSP server (digest authentication) serves a clip whose every frame shows its own
/// index, the ONVIF stand-in device hands out that server's address as the replay URI, and what
/// reaches the sink is read back.
@Tag("media")
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CameraSourcePlaybackTest {

    private static final int FPS = 30;
    private static final int FRAMES = 300;
    private static final Instant T0 = Instant.parse("2026-11-22T23:00:00Z");
    private static final Instant T_END = T0.plusSeconds(FRAMES / FPS);
    private static final Person ADMIN = new Person("admin-1", "管理 太郎", Set.of(Role.ADMINISTRATOR), true);
    private static final String CLIP = "rec-entrance";

    @TempDir
    static Path clips;
    private static OnvifSchemas schemas;

    @TempDir
    Path dir;
    private PlaybackFixture fixture;

    @BeforeAll
    static void makeClip() throws Exception {
        FrameCodedClip.write(clips.resolve(CLIP + ".mp4"), 320, 180, FPS, FRAMES, FPS);
        schemas = OnvifSchemas.load();
    }

    @BeforeEach
    void open() throws Exception {
        fixture = new PlaybackFixture(dir);
        fixture.database.inTransaction(connection -> {
            PersonRepository.insert(connection, ADMIN, fixture.clock.instant());
            CameraRepository.insert(connection, Grant.toRole(Role.ADMINISTRATOR, Optional.empty(), Permission.ADMINISTER));
            CameraRepository.insert(connection, new Camera("cam-net", "CAM-09", "駐車場", "B1", Camera.SourceKind.RECORDING_STORE), 9);
            CameraRepository.insert(connection, Grant.toPerson(PlaybackFixture.OPERATOR.id(), Optional.of("cam-net"),
                    Permission.VIEW_RECORDINGS));
            return null;
        });
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private void register(CameraSource source, String user, String password) throws Exception {
        Session admin = session(ADMIN);
        fixture.administration.changeSource(admin, "cam-net", source);
        fixture.administration.setAccount(admin, "cam-net", new CameraAccount(user, password.toCharArray()));
    }

    private Session session(Person person) {
        return new Session("session-" + person.id(), person, new Terminal("T-TEST", "test"), fixture.clock.instant());
    }

    private PlaybackSession openNetworkCamera(IndexSink sink) throws Exception {
        return fixture.service.open(session(PlaybackFixture.OPERATOR), "cam-net", 320, 180, size -> sink, fixture.events,
                new Watermark.Labels("閲覧者", "端末", "現在", "録画"));
    }

    /// Starts at `from` and checks what the screen got: the exact frame first, then frames in order.
    private void assertPlaysFrom(PlaybackSession playback, IndexSink sink, Instant from) throws Exception {
        playback.start(from, Optional.empty());
        await(() -> fixture.events.shown.size() >= 20 || !fixture.events.failures.isEmpty(), "20 frames");
        assertEquals(List.of(), fixture.events.failures);
        assertEquals(from, fixture.events.shown.getFirst(), "the first frame shown is the one asked for");
        int expected = (int) (Duration.between(T0, from).toMillis() * FPS / 1000);
        // The moving watermark may cover the code in some frames (-1); the others show their index.
        List<Integer> read = sink.indexes.stream().filter(index -> index >= 0).toList();
        assertTrue(read.size() >= 10, "frame indexes readable: " + sink.indexes);
        assertTrue(read.getFirst() >= expected && read.getFirst() < expected + 5, "starts at frame " + expected + ": " + read);
        for (int i = 1; i < read.size(); i++) {
            assertTrue(read.get(i) > read.get(i - 1), "frames in order: " + read);
        }
    }

    @Test
    void anRtspCameraPlaysWithTheAccountStoredForIt() throws Exception {
        try (RtspTestServer server = RtspTestServer.startWithCredentials(clips, "viewer", "right-Pw1")) {
            register(new CameraSource.Rtsp(URI.create(server.uri(CLIP)), Optional.of(new CameraSource.Recorded(T0,
                    Duration.ofSeconds(FRAMES / FPS)))), "viewer", "right-Pw1");
            IndexSink sink = new IndexSink();
            try (PlaybackSession playback = openNetworkCamera(sink)) {
                assertEquals(new RecordingTimeline.Span(T0, T_END), playback.timeline().spans().getFirst());
                assertPlaysFrom(playback, sink, T0.plusSeconds(2));
            }
        }
    }

    @Test
    void anRtspCameraWithAWrongPasswordFailsPlainlyWithoutShowingIt() throws Exception {
        try (RtspTestServer server = RtspTestServer.startWithCredentials(clips, "viewer", "right-Pw1")) {
            register(new CameraSource.Rtsp(URI.create(server.uri(CLIP)), Optional.of(new CameraSource.Recorded(T0,
                    Duration.ofSeconds(FRAMES / FPS)))), "viewer", "wrong-Pw1");
            PlaybackException refused = assertThrows(PlaybackException.class, () -> openNetworkCamera(new IndexSink()));
            assertEquals(PlaybackException.Kind.NOT_AUTHORIZED, refused.kind(), refused.getMessage());
            assertNoPassword(refused, "wrong-Pw1");
        }
    }

    @Test
    void aLiveRtspCameraHasNoRecordingToPlay() throws Exception {
        register(new CameraSource.Rtsp(URI.create("rtsp://127.0.0.1:9/live"), Optional.empty()), "viewer", "pw");
        PlaybackException refused = assertThrows(PlaybackException.class, () -> openNetworkCamera(new IndexSink()));
        assertEquals(PlaybackException.Kind.UNSUPPORTED, refused.kind(), refused.getMessage());
    }

    @Test
    void anOnvifRecordingSpansItsEarliestToLatestDataAndPlaysFromTheReplayUri() throws Exception {
        try (RtspTestServer server = RtspTestServer.startOnvifReplayWithCredentials(clips, T0, OnvifTestDevice.USERNAME,
                OnvifTestDevice.PASSWORD, "digest");
                OnvifTestDevice device = recorder(server)) {
            register(new CameraSource.Onvif(device.deviceServiceAddress(), Optional.of(CLIP), Optional.empty()),
                    OnvifTestDevice.USERNAME, OnvifTestDevice.PASSWORD);
            IndexSink sink = new IndexSink();
            try (PlaybackSession playback = openNetworkCamera(sink)) {
                assertEquals(T0, playback.timeline().start());
                assertEquals(T_END, playback.timeline().end());
                assertPlaysFrom(playback, sink, T0.plusSeconds(3));
                assertTrue(playback.timeline().pieces().getFirst().source() instanceof MediaSource.OnvifReplay,
                        "replayed the ONVIF way: " + playback.timeline().pieces().getFirst().source());
            }
            assertTrue(device.operations().containsAll(List.of("FindRecordings", "GetRecordingSearchResults", "GetReplayUri")),
                    device.operations().toString());
            assertEquals(List.of(), device.requestProblems());
        }
    }

    @Test
    void anOnvifRecorderWithoutATokenSetPlaysTheRecordingNamedLikeTheCamera() throws Exception {
        try (OnvifTestDevice device = recorder(null)) {
            register(new CameraSource.Onvif(device.deviceServiceAddress(), Optional.empty(), Optional.empty()),
                    OnvifTestDevice.USERNAME, OnvifTestDevice.PASSWORD);
            Camera camera = new Camera("cam-net", "CAM-09", "駐車場", "B1", Camera.SourceKind.ONVIF);
            RecordingTimeline timeline = sources().timeline(camera);
            assertEquals(T0.minusSeconds(3_600), timeline.start(), "the garage recording, named 駐車場");
        }
    }

    @Test
    void anOnvifDeviceRefusingTheAccountIsNotAuthorizedAndAnUnreachableOneIsAConnectionLost() throws Exception {
        try (OnvifTestDevice device = recorder(null)) {
            register(new CameraSource.Onvif(device.deviceServiceAddress(), Optional.of(CLIP), Optional.empty()),
                    OnvifTestDevice.USERNAME, "wrong-Pw2");
            PlaybackException refused = assertThrows(PlaybackException.class, () -> openNetworkCamera(new IndexSink()));
            assertEquals(PlaybackException.Kind.NOT_AUTHORIZED, refused.kind(), refused.getMessage());
            assertTrue(refused.getMessage().startsWith("CAM-09: "), refused.getMessage());
            assertNoPassword(refused, "wrong-Pw2");
        }
        OnvifTestDevice gone = recorder(null);
        gone.close();
        fixture.administration.changeSource(session(ADMIN), "cam-net",
                new CameraSource.Onvif(gone.deviceServiceAddress(), Optional.of(CLIP), Optional.empty()));
        PlaybackException away = assertThrows(PlaybackException.class, () -> openNetworkCamera(new IndexSink()));
        assertEquals(PlaybackException.Kind.CONNECTION_LOST, away.kind(), away.getMessage());
    }

    @Test
    void anOnvifCameraGivesItsLiveStreamWithTheCameraAccount() throws Exception {
        try (OnvifTestDevice device = recorder(null)) {
            register(new CameraSource.Onvif(device.deviceServiceAddress(), Optional.empty(), Optional.of("profile-sub")),
                    OnvifTestDevice.USERNAME, OnvifTestDevice.PASSWORD);
            Camera camera = new Camera("cam-net", "CAM-09", "駐車場", "B1", Camera.SourceKind.ONVIF);
            MediaSource.Rtsp live = (MediaSource.Rtsp) sources().liveStream(camera);
            assertEquals(URI.create("rtsp://127.0.0.1:8554/live/profile-sub"), live.uri());
            assertEquals(OnvifTestDevice.USERNAME, live.credentials().orElseThrow().user());
            assertTrue(device.operations().contains("GetStreamUri"), device.operations().toString());
        }
    }

    private RecordingSources sources() {
        return new RecordingSources(new mamori.recording.RecordingStore(fixture.database, dir.resolve("recordings")),
                new mamori.camera.CameraSourceRepository(fixture.database), fixture.credentials, fixture.clock,
                mamori.onvif.Timeouts.DEFAULT);
    }

    /// A recorder with two recordings: this clip's, and an older one of another source.
    private static OnvifTestDevice recorder(RtspTestServer replay) throws Exception {
        OnvifTestDevice device = new OnvifTestDevice(schemas).recordings(List.of(
                recording(CLIP, "urn:mamori:source:entrance", "玄関", T0, T_END),
                recording("rec-garage", "urn:mamori:source:garage", "駐車場", T0.minusSeconds(3_600), T0)));
        if (replay != null) {
            device.replayUriBase(replay.uri(""));
        }
        return device;
    }

    private static RecordingSummary recording(String token, String sourceId, String name, Instant from, Instant to) {
        return new RecordingSummary(token, new RecordingSource(sourceId, name, "1F"), Optional.of(from), Optional.of(to),
                List.of(new RecordingTrack("video", TrackType.VIDEO, from, to)));
    }

    private static void assertNoPassword(Throwable failure, String password) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(password), "password in " + t.getMessage());
            assertFalse(String.valueOf(t).contains(password), "password in " + t);
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for: " + what);
            }
            Thread.sleep(10);
        }
    }

    /// Reads each shown frame's index, like a person reading the frame counter off the screen.
    private static final class IndexSink implements FrameSink {
        final List<Integer> indexes = new CopyOnWriteArrayList<>();
        private final ByteBuffer[] buffers = {ByteBuffer.allocateDirect(320 * 180 * 4), ByteBuffer.allocateDirect(320 * 180 * 4)};
        private int next;

        @Override
        public synchronized Optional<ByteBuffer> lend(Duration wait) {
            return Optional.of(buffers[next++ % 2]);
        }

        @Override
        public void show(DecodedFrame frame) {
            OptionalInt index = FrameCodedClip.readIndex(frame.pixels(), frame.width(), frame.height(), frame.stride());
            indexes.add(index.orElse(-1));
        }

        @Override
        public void giveBack(ByteBuffer buffer) {
        }
    }
}
