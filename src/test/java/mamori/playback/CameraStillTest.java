package mamori.playback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import mamori.audit.AuditAction;
import mamori.audit.AuditUnavailableException;
import mamori.audit.StoredEntry;
import mamori.camera.AdministrationDeniedException;
import mamori.camera.CameraSourceRepository;
import mamori.identity.Person;
import mamori.identity.Session;
import mamori.identity.Terminal;
import mamori.onvif.Timeouts;
import mamori.policy.Permission;
import mamori.recording.RecordingStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// The mask editor's still: one real decoded picture, unmasked, for administrators of the camera
/// only, recorded as viewing (PLAY, then STOP) before anything is decoded.
@Tag("media")
class CameraStillTest {

    @TempDir
    Path dir;
    private PlaybackFixture fixture;
    private CameraStill stills;

    @BeforeEach
    void open() throws Exception {
        fixture = new PlaybackFixture(dir);
        RecordingSources sources = new RecordingSources(new RecordingStore(fixture.database, dir.resolve("recordings")),
                new CameraSourceRepository(fixture.database), fixture.credentials, fixture.clock,
                new Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)));
        stills = new CameraStill(sources, fixture.catalog, new FfmpegEngine(1), fixture.log, fixture.clock);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private static Session session(Person person) {
        return new Session("session-" + person.id(), person, new Terminal("T-TEST", "test"), PlaybackFixture.RECORDED);
    }

    @Test
    void anAdministratorOfTheCameraSeesItsFirstPictureUnmaskedAndTheViewingIsRecorded() throws Exception {
        fixture.grant(PlaybackFixture.OPERATOR, Permission.ADMINISTER);
        Session admin = session(PlaybackFixture.OPERATOR);

        CameraStill.Still still = stills.show(admin, "cam-1", 640, 360);
        fixture.clock.set(fixture.clock.instant().plusSeconds(42));
        stills.stopped(admin, "cam-1", still);

        assertEquals(640, still.width(), "scaled to the box");
        assertEquals(360, still.height());
        assertEquals(640 * 360 * 4, still.bgra().length);
        assertEquals(PlaybackFixture.RECORDED, still.recordedAt());
        int middleOfLeftHalf = (180 * 640 + 160) * 4;
        assertTrue(still.bgra()[middleOfLeftHalf] != 0x30 || still.bgra()[middleOfLeftHalf + 1] != 0x30,
                "the still shows what the mask covers, for the administrator to draw on");
        List<StoredEntry> plays = fixture.entries.byAction(AuditAction.PLAY);
        assertEquals(1, plays.size());
        assertTrue(plays.getFirst().canonical().contains("\"purpose\":\"privacy mask editor\""), plays.getFirst().canonical());
        assertTrue(plays.getFirst().canonical().contains("\"still\":true"), plays.getFirst().canonical());
        List<StoredEntry> stops = fixture.entries.byAction(AuditAction.STOP);
        assertEquals(1, stops.size());
        assertTrue(stops.getFirst().canonical().contains("\"watchedSeconds\":42"), stops.getFirst().canonical());
    }

    @Test
    void someoneWhoDoesNotAdministerTheCameraGetsNoStillAndTheRefusalIsRecorded() throws Exception {
        assertThrows(AdministrationDeniedException.class, () -> stills.show(session(PlaybackFixture.OPERATOR), "cam-1", 320, 180));
        assertEquals(List.of(), fixture.entries.byAction(AuditAction.PLAY));
        assertEquals(1, fixture.entries.byAction(AuditAction.POLICY_DENIAL).size());
    }

    @Test
    void whenTheLogCannotRecordTheViewingNoStillIsShown() throws Exception {
        fixture.grant(PlaybackFixture.OPERATOR, Permission.ADMINISTER);
        fixture.log.close();
        assertThrows(AuditUnavailableException.class, () -> stills.show(session(PlaybackFixture.OPERATOR), "cam-1", 320, 180));
    }
}
