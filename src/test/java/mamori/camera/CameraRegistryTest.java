package mamori.camera;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import mamori.audit.AuditAction;
import mamori.audit.AuditUnavailableException;
import mamori.audit.StoredEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Cameras added and described, and privacy masks drawn, by administrators only: each change a
/// signed `CONFIGURATION_CHANGE` with old and new values, written before the change is kept.
class CameraRegistryTest {

    private static final CameraSource ONVIF = new CameraSource.Onvif(URI.create("http://192.0.2.30/onvif/device_service"),
            Optional.of("rec-1"), Optional.of("profile_1"));
    private static final PrivacyMask WINDOW = new PrivacyMask("窓", List.of(new PrivacyMask.Point(0.1, 0.1),
            new PrivacyMask.Point(0.4, 0.1), new PrivacyMask.Point(0.4, 0.5), new PrivacyMask.Point(0.1, 0.5)));
    private static final PrivacyMask DOOR = new PrivacyMask("扉", List.of(new PrivacyMask.Point(0.6, 0.2),
            new PrivacyMask.Point(0.9, 0.2), new PrivacyMask.Point(0.75, 0.9)));

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

    private List<Camera> cameras() throws Exception {
        return new CameraRepository(fixture.database).all();
    }

    @Test
    void anAddedCameraIsListedLastWithItsSourceAndTheAdditionIsRecorded() throws Exception {
        var admin = CameraFixture.session(CameraFixture.ADMIN);
        Camera added = fixture.administration.add(admin, "CAM-09", " 駐車場 ", "屋外", ONVIF);

        assertEquals(new Camera(added.id(), "CAM-09", "駐車場", "屋外", Camera.SourceKind.ONVIF), cameras().getLast());
        assertEquals(ONVIF, fixture.sources.source(added.id()));
        List<StoredEntry> changes = changes();
        assertEquals(1, changes.size());
        String text = changes.getFirst().canonical();
        assertEquals(added.id(), changes.getFirst().cameraId());
        assertTrue(text.contains("\"setting\":\"camera added\""), text);
        assertTrue(text.contains("\"old\":{\"registered\":false}"), text);
        assertTrue(text.contains("\"code\":\"CAM-09\""), text);
        assertTrue(text.contains("\"recording\":\"rec-1\""), text);
    }

    @Test
    void aCodeInUseOrMalformedIsRefusedAndNothingIsRecorded() throws Exception {
        var admin = CameraFixture.session(CameraFixture.ADMIN);
        assertThrows(IllegalArgumentException.class, () -> fixture.administration.add(admin, "CAM-01", "二台目", "", new CameraSource.LocalStore()));
        assertThrows(IllegalArgumentException.class, () -> fixture.administration.add(admin, "CAM 01", "空白", "", new CameraSource.LocalStore()));
        assertThrows(IllegalArgumentException.class, () -> fixture.administration.add(admin, "CAM-10", " ", "", new CameraSource.LocalStore()));
        assertEquals(2, cameras().size());
        assertEquals(List.of(), changes());
    }

    @Test
    void anOperatorAddsNoCameraNorChangesOneAndTheRefusalsAreRecorded() throws Exception {
        var operator = CameraFixture.session(CameraFixture.OPERATOR);
        assertThrows(AdministrationDeniedException.class,
                () -> fixture.administration.add(operator, "CAM-09", "駐車場", "屋外", new CameraSource.LocalStore()));
        assertThrows(AdministrationDeniedException.class, () -> fixture.administration.describe(operator, "cam-1", "別名", "2F"));
        assertThrows(AdministrationDeniedException.class, () -> fixture.masks.replace(operator, "cam-1", List.of(WINDOW)));

        assertEquals(2, cameras().size());
        assertEquals("玄関", cameras().getFirst().name());
        assertEquals(List.of(), fixture.masks.masks("cam-1"));
        assertEquals(List.of(), changes());
        assertEquals(3, fixture.entries.byAction(AuditAction.POLICY_DENIAL).size());
    }

    @Test
    void aNewNameAndLocationAreRecordedOldAndNewAndRepeatingThemIsNoChange() throws Exception {
        var admin = CameraFixture.session(CameraFixture.ADMIN);
        fixture.administration.describe(admin, "cam-1", "正面玄関", "1F 東");
        fixture.administration.describe(admin, "cam-1", "正面玄関", "1F 東");

        assertEquals("正面玄関", cameras().getFirst().name());
        assertEquals("1F 東", cameras().getFirst().location());
        List<StoredEntry> changes = changes();
        assertEquals(1, changes.size());
        String text = changes.getFirst().canonical();
        assertTrue(text.contains("\"old\":{\"location\":\"1F\",\"name\":\"玄関\"}"), text);
        assertTrue(text.contains("\"new\":{\"location\":\"1F 東\",\"name\":\"正面玄関\"}"), text);
    }

    @Test
    void masksAreStoredInOrderAndRecordedAsNormalisedPolygons() throws Exception {
        var admin = CameraFixture.session(CameraFixture.ADMIN);
        fixture.masks.replace(admin, "cam-1", List.of(WINDOW, DOOR));
        fixture.masks.replace(admin, "cam-1", List.of(WINDOW, DOOR));
        fixture.masks.replace(admin, "cam-1", List.of(DOOR));

        assertEquals(List.of(DOOR), fixture.masks.masks("cam-1"));
        assertEquals(List.of(), fixture.masks.masks("cam-2"));
        List<StoredEntry> changes = changes();
        assertEquals(2, changes.size(), "the same masks again are no change");
        String first = changes.get(0).canonical();
        assertTrue(first.contains("\"setting\":\"privacy masks\""), first);
        assertTrue(first.contains("\"old\":{\"masks\":[]}"), first);
        assertTrue(first.contains("{\"corners\":\"0.10000,0.10000;0.40000,0.10000;0.40000,0.50000;0.10000,0.50000\",\"label\":\"窓\"}"), first);
        String second = changes.get(1).canonical();
        assertTrue(second.contains("\"new\":{\"masks\":[{\"corners\":\"0.60000,0.20000;0.90000,0.20000;0.75000,0.90000\",\"label\":\"扉\"}]}"),
                second);
    }

    @Test
    void whenTheLogCannotRecordNoCameraIsAddedOrChangedAndNoMaskStored() throws Exception {
        var admin = CameraFixture.session(CameraFixture.ADMIN);
        fixture.masks.replace(admin, "cam-2", List.of(DOOR));
        fixture.log.close();

        assertThrows(AuditUnavailableException.class,
                () -> fixture.administration.add(admin, "CAM-09", "駐車場", "屋外", new CameraSource.LocalStore()));
        assertThrows(AuditUnavailableException.class, () -> fixture.administration.describe(admin, "cam-1", "別名", "2F"));
        assertThrows(AuditUnavailableException.class, () -> fixture.masks.replace(admin, "cam-1", List.of(WINDOW)));
        assertThrows(AuditUnavailableException.class, () -> fixture.masks.replace(admin, "cam-2", List.of()));

        assertEquals(2, cameras().size());
        assertEquals("玄関", cameras().getFirst().name());
        assertEquals(List.of(), fixture.masks.masks("cam-1"));
        assertEquals(List.of(DOOR), fixture.masks.masks("cam-2"));
    }

    @Test
    void aPasswordIsInNoEntryAndNoTextOfAnAccount() throws Exception {
        var admin = CameraFixture.session(CameraFixture.ADMIN);
        Camera added = fixture.administration.add(admin, "CAM-09", "駐車場", "屋外", ONVIF);
        CameraAccount account = new CameraAccount("onvif-user", "Tr0ub4dor&3".toCharArray());
        fixture.administration.setAccount(admin, added.id(), account);
        fixture.administration.setAccount(admin, added.id(), new CameraAccount("onvif-user", "correct-horse".toCharArray()));

        assertFalse(account.toString().contains("Tr0ub4dor"), account.toString());
        for (String text : allEntryTexts()) {
            assertFalse(text.contains("Tr0ub4dor") || text.contains("correct-horse"), "a password in the log: " + text);
        }
        assertTrue(changes().getLast().canonical().contains("\"password\":\"changed\""), changes().getLast().canonical());
        assertEquals(Optional.of("onvif-user"), fixture.credentials.userName(added.id()));
    }
}
