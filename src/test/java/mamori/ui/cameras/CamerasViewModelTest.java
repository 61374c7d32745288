package mamori.ui.cameras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import mamori.camera.CameraSource;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;
import org.junit.jupiter.api.Test;

/// What the camera form accepts as a source, and what it tells the administrator when it does not.
class CamerasViewModelTest {

    private static final TaskExecutor SAME_THREAD = new TaskExecutor() {
        @Override
        public <T> void execute(BackgroundWork<T> work, Consumer<T> onSuccess, Consumer<Exception> onFailure) {
            try {
                onSuccess.accept(work.run());
            } catch (Exception e) {
                onFailure.accept(e);
            }
        }

        @Override
        public void onUiThread(Runnable action) {
            action.run();
        }
    };

    private final CamerasViewModel model = new CamerasViewModel(null, null, null, SAME_THREAD, Messages.load(Locale.JAPANESE),
            ZoneId.of("Asia/Tokyo"), row -> { }, () -> { });

    private void choose(CamerasViewModel.SourceChoice kind) {
        model.kindProperty().set(model.kinds().stream().filter(each -> each.kind() == kind).findFirst().orElseThrow());
    }

    @Test
    void anRtspAddressWithAnAccountInItIsRefusedPointingToTheAccountFieldsWithoutRepeatingIt() {
        choose(CamerasViewModel.SourceChoice.RTSP);
        model.addressProperty().set("rtsp://admin:Hunter2@192.0.2.10:554/stream");
        CamerasViewModel.Refused refused = assertThrows(CamerasViewModel.Refused.class, model::source);
        assertTrue(refused.getMessage().contains("カメラのアカウント"), refused.getMessage());
        assertFalse(refused.getMessage().contains("Hunter2"), refused.getMessage());
    }

    @Test
    void aRecordedRtspStreamNeedsItsStartAndLengthInTheFacilitysTime() throws Exception {
        choose(CamerasViewModel.SourceChoice.RTSP);
        model.addressProperty().set(" rtsp://192.0.2.10:554/stream ");
        assertEquals(new CameraSource.Rtsp(URI.create("rtsp://192.0.2.10:554/stream"), Optional.empty()), model.source());
        model.recordedFromProperty().set("2026-12-01 09:00:00");
        assertThrows(CamerasViewModel.Refused.class, model::source, "a start without a length");
        model.recordedMinutesProperty().set("90");
        assertEquals(new CameraSource.Rtsp(URI.create("rtsp://192.0.2.10:554/stream"), Optional.of(new CameraSource.Recorded(
                Instant.parse("2026-12-01T00:00:00Z"), Duration.ofMinutes(90)))), model.source());
        model.addressProperty().set("http://192.0.2.10/stream");
        assertThrows(CamerasViewModel.Refused.class, model::source, "not rtsp://");
    }

    @Test
    void anOnvifDeviceTakesOptionalTokensAndRefusesMalformedOnes() throws Exception {
        choose(CamerasViewModel.SourceChoice.ONVIF);
        model.addressProperty().set("http://192.0.2.20/onvif/device_service");
        model.profileTokenProperty().set("profile_1");
        assertEquals(new CameraSource.Onvif(URI.create("http://192.0.2.20/onvif/device_service"), Optional.empty(),
                Optional.of("profile_1")), model.source());
        model.recordingTokenProperty().set("rec 1");
        assertThrows(CamerasViewModel.Refused.class, model::source);
        model.recordingTokenProperty().set("x".repeat(CameraSource.MAX_TOKEN_CHARS + 1));
        assertThrows(CamerasViewModel.Refused.class, model::source);
        model.addressProperty().set("http://user:pw@192.0.2.20/onvif/device_service");
        model.recordingTokenProperty().set("");
        assertThrows(CamerasViewModel.Refused.class, model::source);
    }

    @Test
    void anAccountCannotBeSetBeforeTheCameraIsSavedAndTheTypedPasswordIsWiped() {
        char[] typed = "Tr0ub4dor".toCharArray();
        model.userProperty().set("viewer");
        model.saveAccount(typed);
        assertEquals("アカウントは、カメラを保存してから設定できます。", model.messageProperty().get());
        assertEquals("\0".repeat(typed.length), new String(typed));
    }
}
