package mamori.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mamori.audit.AuditAction;
import mamori.audit.AuditUnavailableException;
import mamori.audit.StoredEntry;
import mamori.policy.DenialReason;
import mamori.policy.Grant;
import mamori.policy.Permission;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Every change of a camera's source or account is a signed `CONFIGURATION_CHANGE` entry with the
/// old and new values, and no change happens that the log did not record.
class CameraAdministrationTest {

    private static final CameraSource RTSP = new CameraSource.Rtsp(URI.create("rtsp://192.0.2.10:554/Streaming/101"),
            Optional.of(new CameraSource.Recorded(Instant.parse("2026-11-23T01:00:00Z"), Duration.ofMinutes(10))));
    private static final CameraSource ONVIF = new CameraSource.Onvif(URI.create("http://192.0.2.20/onvif/device_service"),
            Optional.of("rec-7"), Optional.empty());

    @TempDir
    Path dir;
    private CameraFixture fixture;

    @BeforeEach
    void open() throws Exception {
        fixture = new CameraFixture(dir);
    }

    @AfterEach
    void close() {
        fixture.close();
    }

    private List<StoredEntry> changes() throws Exception {
        return fixture.entries.byAction(AuditAction.CONFIGURATION_CHANGE);
    }

    private List<String> allEntryTexts() throws Exception {
        List<String> texts = new ArrayList<>();
        fixture.entries.scan(entry -> {
            texts.add(entry.canonical());
            return true;
        });
        return texts;
    }

    @Test
    void aSourceChangeIsRecordedWithTheOldAndTheNewSettings() throws Exception {
        fixture.administration.changeSource(CameraFixture.session(CameraFixture.ADMIN), "cam-1", RTSP);
        fixture.administration.changeSource(CameraFixture.session(CameraFixture.ADMIN), "cam-1", ONVIF);
        fixture.administration.changeSource(CameraFixture.session(CameraFixture.ADMIN), "cam-1", ONVIF);

        assertEquals(ONVIF, fixture.sources.source("cam-1"));
        assertEquals(Camera.SourceKind.ONVIF, new CameraRepository(fixture.database).all().getFirst().sourceKind());
        List<StoredEntry> changes = changes();
        assertEquals(2, changes.size(), "an unchanged source is not a change");
        String first = changes.get(0).canonical();
        assertEquals("cam-1", changes.get(0).cameraId());
        assertEquals(CameraFixture.ADMIN.id(), changes.get(0).personId());
        assertTrue(first.contains("\"old\":{\"kind\":\"RECORDING_STORE\"}"), first);
        assertTrue(first.contains("\"uri\":\"rtsp://192.0.2.10:554/Streaming/101\""), first);
        assertTrue(first.contains("\"recordedFrom\":\"2026-11-23T01:00:00Z\""), first);
        assertTrue(first.contains("\"recordedMillis\":600000"), first);
        String second = changes.get(1).canonical();
        assertTrue(second.contains("\"kind\":\"RTSP\""), "the old settings: " + second);
        assertTrue(second.contains("\"recording\":\"rec-7\""), second);
        assertTrue(second.contains("\"uri\":\"http://192.0.2.20/onvif/device_service\""), second);
    }

    @Test
    void anAccountChangeRecordsTheUserNameAndOnlyWhetherThePasswordWasSetOrChanged() throws Exception {
        var admin = CameraFixture.session(CameraFixture.ADMIN);
        fixture.administration.setAccount(admin, "cam-1", new CameraAccount("viewer", "first-S3cret".toCharArray()));
        fixture.administration.setAccount(admin, "cam-1", new CameraAccount("operator", "second-S3cret".toCharArray()));
        fixture.administration.removeAccount(admin, "cam-1");
        fixture.administration.removeAccount(admin, "cam-1");

        assertFalse(fixture.credentials.hasPassword("cam-1"));
        List<StoredEntry> changes = changes();
        assertEquals(3, changes.size(), "removing what is not there is not a change");
        assertTrue(changes.get(0).canonical().contains("\"new\":{\"password\":\"set\",\"user\":\"viewer\"}"), changes.get(0).canonical());
        assertTrue(changes.get(0).canonical().contains("\"old\":{\"password\":\"not set\",\"user\":null}"), changes.get(0).canonical());
        assertTrue(changes.get(1).canonical().contains("\"new\":{\"password\":\"changed\",\"user\":\"operator\"}"), changes.get(1).canonical());
        assertTrue(changes.get(1).canonical().contains("\"old\":{\"password\":\"set\",\"user\":\"viewer\"}"), changes.get(1).canonical());
        assertTrue(changes.get(2).canonical().contains("\"new\":{\"password\":\"removed\",\"user\":null}"), changes.get(2).canonical());
        for (String text : allEntryTexts()) {
            assertFalse(text.contains("S3cret"), "a password in the log: " + text);
        }
    }

    @Test
    void whenTheLogCannotRecordNothingChanges() throws Exception {
        var admin = CameraFixture.session(CameraFixture.ADMIN);
        fixture.administration.setAccount(admin, "cam-2", new CameraAccount("viewer", "kept".toCharArray()));
        fixture.log.close();

        assertThrows(AuditUnavailableException.class, () -> fixture.administration.changeSource(admin, "cam-1", RTSP));
        assertThrows(AuditUnavailableException.class,
                () -> fixture.administration.setAccount(admin, "cam-1", new CameraAccount("viewer", "pw".toCharArray())));
        assertThrows(AuditUnavailableException.class, () -> fixture.administration.removeAccount(admin, "cam-2"));

        assertEquals(new CameraSource.LocalStore(), fixture.sources.source("cam-1"));
        assertEquals(Camera.SourceKind.RECORDING_STORE, new CameraRepository(fixture.database).all().getFirst().sourceKind());
        assertFalse(fixture.credentials.hasPassword("cam-1"));
        assertEquals("kept", new String(fixture.credentials.account("cam-2").orElseThrow().password()));
    }

    @Test
    void onlyAnAdministratorMayChangeACameraAndARefusalIsRecorded() throws Exception {
        var operator = CameraFixture.session(CameraFixture.OPERATOR);
        AdministrationDeniedException refused = assertThrows(AdministrationDeniedException.class,
                () -> fixture.administration.setAccount(operator, "cam-1", new CameraAccount("viewer", "pw".toCharArray())));
        assertEquals(DenialReason.NO_GRANT, refused.reason());
        assertThrows(AdministrationDeniedException.class, () -> fixture.administration.changeSource(operator, "cam-1", RTSP));

        assertFalse(fixture.credentials.hasPassword("cam-1"));
        assertEquals(new CameraSource.LocalStore(), fixture.sources.source("cam-1"));
        assertEquals(List.of(), changes());
        List<StoredEntry> denials = fixture.entries.byAction(AuditAction.POLICY_DENIAL);
        assertEquals(2, denials.size());
        assertTrue(denials.getFirst().canonical().contains("\"action\":\"CONFIGURATION_CHANGE\""), denials.getFirst().canonical());
    }

    @Test
    void aGrantGivenAndTakenBackIsRecordedBothWaysAndRepeatingEitherIsNoChange() throws Exception {
        var admin = CameraFixture.session(CameraFixture.ADMIN);
        Grant grant = Grant.toPerson(CameraFixture.OPERATOR.id(), Optional.of("cam-2"), Permission.VIEW_RECORDINGS);
        fixture.administration.grant(admin, grant);
        fixture.administration.grant(admin, grant);
        assertTrue(new CameraRepository(fixture.database).grants().contains(grant));
        fixture.administration.revoke(admin, grant);
        fixture.administration.revoke(admin, grant);
        assertFalse(new CameraRepository(fixture.database).grants().contains(grant));
        List<StoredEntry> changes = changes();
        assertEquals(2, changes.size(), "a grant already held, or not held, is not a change");
        assertEquals("cam-2", changes.get(0).cameraId());
        assertTrue(changes.get(0).canonical().contains("\"new\":{\"camera\":\"cam-2\",\"held\":true"), changes.get(0).canonical());
        assertTrue(changes.get(1).canonical().contains("\"old\":{\"camera\":\"cam-2\",\"held\":true"), changes.get(1).canonical());
    }

    @Test
    void anOperatorGivesNoRightsAndTheLastRightToAdministerEverythingStays() throws Exception {
        Grant allCameras = Grant.toPerson(CameraFixture.OPERATOR.id(), Optional.empty(), Permission.REQUEST_EXPORT);
        assertThrows(AdministrationDeniedException.class,
                () -> fixture.administration.grant(CameraFixture.session(CameraFixture.OPERATOR), allCameras));
        assertFalse(new CameraRepository(fixture.database).grants().contains(allCameras));
        var admin = CameraFixture.session(CameraFixture.ADMIN);
        for (Grant held : new CameraRepository(fixture.database).grants()) {
            if (held.permission() == Permission.ADMINISTER && held.cameraId().isEmpty()) {
                assertThrows(IllegalArgumentException.class, () -> fixture.administration.revoke(admin, held));
                assertTrue(new CameraRepository(fixture.database).grants().contains(held));
            }
        }
        fixture.log.close();
        assertThrows(AuditUnavailableException.class, () -> fixture.administration.grant(admin, allCameras));
        assertFalse(new CameraRepository(fixture.database).grants().contains(allCameras), "not recorded, not given");
    }

    @Test
    void addressesWithAUserNameOrPasswordAreRefusedWithoutRepeatingThem() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> new CameraSource.Rtsp(URI.create("rtsp://admin:Hunter2@192.0.2.10/stream"), Optional.empty()));
        assertFalse(refused.getMessage().contains("Hunter2"), refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CameraSource.Rtsp(URI.create("http://192.0.2.10/stream"), Optional.empty()));
        assertThrows(IllegalArgumentException.class,
                () -> new CameraSource.Onvif(URI.create("http://u:p@192.0.2.20/onvif/device_service"), Optional.empty(), Optional.empty()));
    }
}
