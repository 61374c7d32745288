package mamori.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import mamori.app.KioskWindow;
import mamori.app.Mamori;
import mamori.app.MamoriConfig;
import mamori.audit.AuditAction;
import mamori.playback.FfmpegEngine;
import mamori.playback.vlc.EngineChoice;
import mamori.playback.vlc.VlcEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/// The kiosk as [KioskFlowTest] starts it, with `MAMORI_ENGINE=vlc`: a demo camera plays through
/// libVLC with its mask and watermark, and the start says which engine plays what. Skipped, saying
/// why, only where libVLC is not installed.
@Tag("ui")
class VlcKioskFlowTest {


    @TempDir
    Path home;
    private final FxRobot robot = new FxRobot();
    private KioskFixture kiosk;
    private Mamori mamori;
    private Stage stage;
    private KioskWindow window;

    @BeforeAll
    static void startToolkit() throws Exception {
        try (VlcEngine found = VlcEngine.discover(new FfmpegEngine(1)).orElse(null)) {
            assumeTrue(found != null, "libVLC is not installed here (apt-get install vlc-bin vlc-plugin-base): the vlc kiosk is not tested");
        }
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void startKiosk() throws Exception {
        MamoriConfig config = KioskFixture.config(home);
        kiosk = KioskFixture.start(config, opened -> Mamori.open(opened, true, EngineChoice.Setting.VLC), () -> { });
        mamori = kiosk.mamori;
        stage = kiosk.stage;
        window = kiosk.window;
    }

    @AfterEach
    void closeKiosk() throws Exception {
        kiosk.close();
    }

    private String text(String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    @Test
    void anOperatorPlaysADemoCameraThroughLibVlcMaskedAndWatermarked() throws Exception {
        assertTrue(mamori.playback().engineName().startsWith("libVLC 3."), mamori.playback().engineName());
        assertTrue(mamori.startupNotices().getFirst().contains("RTSP"), mamori.startupNotices().toString());
        robot.clickOn("#demo-finger-5");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> FxLook.present(robot, "#camera-CAM-02"));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#camera-CAM-02");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> FxLook.present(robot, "#player-screen"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#player-purpose").query().isVisible());
        robot.interact(() -> robot.lookup("#player-purpose-choice").queryAs(javafx.scene.control.ChoiceBox.class)
                .getSelectionModel().select(0));
        robot.clickOn("#player-purpose-text").write("事案 2026-0042");
        robot.clickOn("#player-purpose-start");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !text("#player-position").isEmpty());
        String early = text("#player-position");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !text("#player-position").equals(early));

        // Paused, no frame is written into the picture's buffer while it is read: what is read is what
        // is shown (a read during playback raced the next frame).
        robot.clickOn("#player-play-pause");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxLook.onFxThread(
                () -> robot.lookup("#player-play-pause").queryButton().getText()).equals("再生"));
        WaitForAsyncUtils.sleep(500, TimeUnit.MILLISECONDS);
        Screenshots.save(stage.getScene(), "player-vlc");
        var picture = robot.lookup("#player-picture").queryAs(javafx.scene.image.ImageView.class).getImage();
        int covered = 0;
        int opaque = 0;
        for (double y : new double[] {0.40, 0.45, 0.50, 0.55, 0.60}) {
            int argb = WaitForAsyncUtils.asyncFx(() -> picture.getPixelReader().getArgb((int) (0.83 * picture.getWidth()),
                    (int) (y * picture.getHeight()))).get();
            covered += (argb & 0xFFFFFF) == 0x303030 ? 1 : 0;
            int video = WaitForAsyncUtils.asyncFx(() -> picture.getPixelReader().getArgb((int) (0.3 * picture.getWidth()),
                    (int) (y * picture.getHeight()))).get();
            opaque += (video >>> 24) == 0xff ? 1 : 0;
        }
        assertTrue(covered >= 3, "the doorway mask covers the picture (" + covered + " of 5 points; image "
                + picture.getWidth() + "x" + picture.getHeight() + ")");
        assertEquals(5, opaque, "libVLC's pictures are opaque on screen");
        robot.clickOn("#player-back");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> FxLook.present(robot, "#home-screen"));
        assertEquals(1, mamori.auditEntries().byAction(AuditAction.PLAY).size());
        assertEquals(1, mamori.auditEntries().byAction(AuditAction.STOP).size());
    }
}
