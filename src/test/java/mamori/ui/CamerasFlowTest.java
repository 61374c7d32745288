package mamori.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javafx.geometry.Point2D;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Labeled;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.image.Image;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import mamori.app.KioskWindow;
import mamori.app.Mamori;
import mamori.app.MamoriConfig;
import mamori.audit.AuditAction;
import mamori.audit.StoredEntry;
import mamori.ui.cameras.CamerasViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/// The administrator's camera screen and mask editor in the real kiosk window (real composition
/// root, demo recordings, emulated reader): a camera added, its account set and never shown again,
/// a mask drawn on camera 1's still, and the operator then sees that area covered in the player.
@Tag("ui")
class CamerasFlowTest {

    private static final Locale JAPANESE = Locale.JAPANESE;
    private static final String ADMINISTRATOR_FINGER = "#demo-finger-1";
    private static final String OPERATOR_FINGER = "#demo-finger-5";
    private static final String PASSWORD = "Kamera-S3cret!";
    /// The mask drawn on camera 1, corners as fractions of the picture.
    /// The opaque grey the player covers a privacy mask with.
    private static final int MASK_GREY = 0x303030;
    private static final double[][] CORNERS = {{0.20, 0.30}, {0.45, 0.30}, {0.45, 0.70}, {0.20, 0.70}};

    @TempDir
    Path home;
    private final FxRobot robot = new FxRobot();
    private KioskFixture kiosk;
    private Mamori mamori;
    private Stage stage;
    private KioskWindow window;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void startKiosk() throws Exception {
        MamoriConfig config = KioskFixture.config(home);
        kiosk = KioskFixture.start(config);
        mamori = kiosk.mamori;
        stage = kiosk.stage;
        window = kiosk.window;
    }

    @AfterEach
    void closeKiosk() throws Exception {
        kiosk.close();
    }

    /// Waits for the node (30 s: the machine running the tests may be busy), saving what the screen
    /// shows when it does not come.
    private void waitFor(String query) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> FxLook.present(robot, query));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(query + " not shown; the screen: " + Screenshots.save(stage.getScene(), "cameras-flow-timeout"), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String text(String query) {
        return FxLook.onFxThread(() -> robot.lookup(query).queryAs(Labeled.class).getText());
    }

    private void waitForText(String query, java.util.function.Predicate<String> shown) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> FxLook.present(robot, query) && shown.test(text(query)));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(query + " shows: " + (FxLook.present(robot, query) ? text(query) : "(not shown)"), e);
        }
    }

    private void type(String query, String value) {
        robot.interact(() -> robot.lookup(query).queryAs(TextField.class).setText(value));
    }

    private void choose(String query, String label) {
        ComboBox<?> box = robot.lookup(query).queryAs(ComboBox.class);
        robot.interact(() -> box.getItems().stream().filter(item -> item.toString().equals(label)).findFirst()
                .ifPresent(item -> box.getSelectionModel().select(box.getItems().indexOf(item))));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(label, String.valueOf(box.getValue()), query);
    }

    @SuppressWarnings("unchecked")
    private List<CamerasViewModel.Row> rows() {
        return FxLook.onFxThread(() -> List.copyOf(robot.lookup("#cameras-table").queryAs(TableView.class).getItems()));
    }

    private CamerasViewModel.Row row(String code) {
        return rows().stream().filter(row -> row.code().equals(code)).findFirst().orElseThrow();
    }

    private List<String> allEntryTexts() throws Exception {
        List<String> texts = new ArrayList<>();
        mamori.auditEntries().scan(entry -> {
            texts.add(entry.canonical());
            return true;
        });
        return texts;
    }

    @Test
    void anAdministratorAddsACameraSetsItsAccountAndMasksCameraOneWhichTheOperatorThenSeesCovered() throws Exception {
        robot.clickOn(ADMINISTRATOR_FINGER);
        waitFor("#home-cameras-admin");
        Screenshots.save(stage.getScene(), "home-administrator-tools");
        robot.clickOn("#home-cameras-admin");
        waitFor("#cameras-table");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> rows().size() == 3);
        assertEquals("ローカル録画", row("CAM-01").source());
        assertEquals("未設定", row("CAM-01").account());
        Screenshots.save(stage.getScene(), "cameras");

        // A new RTSP camera: an address carrying an account is refused, pointing to the account fields.
        robot.clickOn("#cameras-new");
        type("#cameras-code", "CAM-04");
        type("#cameras-name", "駐車場");
        type("#cameras-location", "屋外 北側");
        choose("#cameras-kind", "RTSP");
        type("#cameras-address", "rtsp://viewer:" + PASSWORD + "@192.0.2.44:554/stream1");
        robot.clickOn("#cameras-save");
        waitForText("#cameras-message", shown -> shown.startsWith("アドレスにユーザー名やパスワードを含めないでください"));
        assertFalse(text("#cameras-message").contains(PASSWORD));
        assertEquals(3, rows().size());
        type("#cameras-address", "rtsp://192.0.2.44:554/stream1");
        robot.clickOn("#cameras-save");
        waitForText("#cameras-message", shown -> shown.equals("カメラ CAM-04 を追加しました。監査ログに記録しました。"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> rows().size() == 4);
        assertEquals("RTSP rtsp://192.0.2.44:554/stream1", row("CAM-04").source());
        assertEquals("未設定", row("CAM-04").account());
        waitForText("#cameras-form-title", shown -> shown.equals("CAM-04 の設定"));

        // Its account: after saving, the password field is empty and the screen says only "set".
        type("#cameras-user", "viewer");
        robot.clickOn("#cameras-password").write(PASSWORD);
        robot.clickOn("#cameras-account-save");
        waitForText("#cameras-message", shown -> shown.startsWith("CAM-04 のアカウントを設定しました"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> row("CAM-04").account().equals("設定済み"));
        assertEquals("", FxLook.onFxThread(() -> robot.lookup("#cameras-password").queryAs(PasswordField.class).getText()));
        assertEquals("アカウントを変更", text("#cameras-account-save"));
        assertTrue(text("#cameras-account-state").startsWith("パスワードは設定済みです"), text("#cameras-account-state"));
        Screenshots.save(stage.getScene(), "cameras-account");
        for (String entry : allEntryTexts()) {
            assertFalse(entry.contains(PASSWORD), "a password in the log: " + entry);
        }
        List<StoredEntry> changes = mamori.auditEntries().byAction(AuditAction.CONFIGURATION_CHANGE);
        assertEquals(2, changes.size(), "the camera added, then its account");
        assertTrue(changes.get(0).canonical().contains("\"setting\":\"camera added\""), changes.get(0).canonical());
        assertTrue(changes.get(1).canonical().contains("\"password\":\"set\""), changes.get(1).canonical());

        // A mask of four corners on camera 1's still.
        robot.clickOn("#cameras-masks-CAM-01");
        waitFor("#masks-screen");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS,
                () -> FxLook.onFxThread(() -> robot.lookup("#masks-picture").queryAs(ImageView.class).getImage() != null));
        WaitForAsyncUtils.waitForFxEvents();
        Image still = FxLook.onFxThread(() -> robot.lookup("#masks-picture").queryAs(ImageView.class).getImage());
        javafx.scene.Node overlay = robot.lookup("#masks-overlay").query();
        java.util.function.BiFunction<Double, Double, org.testfx.service.query.PointQuery> onStill = (x, y) -> robot.point(overlay)
                .atPosition(Pos.TOP_LEFT).atOffset(new Point2D(x * still.getWidth(), y * still.getHeight()));
        // The third corner is placed off and dragged to where it belongs.
        for (int i = 0; i < CORNERS.length; i++) {
            robot.clickOn(i == 2 ? onStill.apply(0.40, 0.62) : onStill.apply(CORNERS[i][0], CORNERS[i][1]));
            WaitForAsyncUtils.sleep(600, TimeUnit.MILLISECONDS);
        }
        robot.clickOn("#masks-close");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> FxLook.present(robot, "#masks-shape-0"));
        robot.drag(onStill.apply(0.40, 0.62)).dropTo(onStill.apply(CORNERS[2][0], CORNERS[2][1]));
        WaitForAsyncUtils.waitForFxEvents();
        // A second mask, closed with a double click on its last corner, then deleted from the list.
        robot.clickOn(onStill.apply(0.70, 0.20));
        WaitForAsyncUtils.sleep(600, TimeUnit.MILLISECONDS);
        robot.clickOn(onStill.apply(0.85, 0.20));
        WaitForAsyncUtils.sleep(600, TimeUnit.MILLISECONDS);
        robot.doubleClickOn(onStill.apply(0.80, 0.40));
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> FxLook.present(robot, "#masks-shape-1"));
        javafx.scene.control.ListView<?> list = robot.lookup("#masks-list").queryAs(javafx.scene.control.ListView.class);
        assertEquals(List.of("マスク 1", "マスク 2"), FxLook.onFxThread(() -> list.getItems().stream().map(Object::toString).toList()));
        assertEquals(3, FxLook.onFxThread(() -> ((mamori.ui.masks.MasksViewModel.Mask) list.getItems().get(1)).corners().size()),
                "the double click closed the triangle on its third corner");
        Screenshots.save(stage.getScene(), "masks-two");
        robot.interact(() -> list.getSelectionModel().select(1));
        robot.clickOn("#masks-delete");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> FxLook.onFxThread(() -> list.getItems().size()) == 1);
        assertFalse(FxLook.present(robot, "#masks-shape-1"));
        Screenshots.save(stage.getScene(), "masks");
        robot.clickOn("#masks-save");
        waitFor("#cameras-screen");

        var masks = mamori.privacyMaskAdministration().masks("demo-cam-1");
        assertEquals(1, masks.size());
        assertEquals(4, masks.getFirst().corners().size());
        for (int i = 0; i < CORNERS.length; i++) {
            assertEquals(CORNERS[i][0], masks.getFirst().corners().get(i).x(), 0.01, "corner " + i);
            assertEquals(CORNERS[i][1], masks.getFirst().corners().get(i).y(), 0.01, "corner " + i);
        }
        StoredEntry maskChange = mamori.auditEntries().byAction(AuditAction.CONFIGURATION_CHANGE).getLast();
        assertEquals("demo-cam-1", maskChange.cameraId());
        assertTrue(maskChange.canonical().contains("\"setting\":\"privacy masks\""), maskChange.canonical());
        assertTrue(maskChange.canonical().contains("\"old\":{\"masks\":[]}"), maskChange.canonical());
        List<StoredEntry> plays = mamori.auditEntries().byAction(AuditAction.PLAY);
        assertEquals(1, plays.size(), "the still was recorded as viewing");
        assertTrue(plays.getFirst().canonical().contains("\"purpose\":\"privacy mask editor\""), plays.getFirst().canonical());
        assertEquals(1, mamori.auditEntries().byAction(AuditAction.STOP).size());

        // The operator plays camera 1: the area is covered in the frame shown.
        robot.clickOn("#cameras-back");
        waitFor("#home-logout");
        robot.clickOn("#home-logout");
        waitFor("#login-screen");
        robot.clickOn(OPERATOR_FINGER);
        waitFor("#camera-CAM-01");
        robot.clickOn("#camera-CAM-01");
        waitFor("#player-screen");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#player-purpose").query().isVisible());
        robot.interact(() -> robot.lookup("#player-purpose-choice").queryAs(javafx.scene.control.ChoiceBox.class)
                .getSelectionModel().select(0));
        robot.clickOn("#player-purpose-text").write("点検");
        robot.clickOn("#player-purpose-start");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !text("#player-position").isEmpty());
        String early = text("#player-position");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !text("#player-position").equals(early));
        // Paused, the decoder no longer writes into the picture's buffer: what is read is what is shown.
        robot.clickOn("#player-play-pause");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("#player-play-pause").equals("再生"));
        WaitForAsyncUtils.sleep(500, TimeUnit.MILLISECONDS);
        Image frame = robot.lookup("#player-picture").queryAs(ImageView.class).getImage();
        int outside = 0;
        for (double[] at : new double[][] {{0.70, 0.50}, {0.10, 0.50}, {0.32, 0.15}, {0.32, 0.85}, {0.60, 0.40}}) {
            outside += covered(frame, at[0], at[1]) ? 1 : 0;
        }
        Screenshots.save(stage.getScene(), "player-masked-by-editor");
        // The moving watermark is drawn over everything, masks included: every pixel of the mask
        // (0.20-0.45 x 0.30-0.70, placed by mouse, so 1 % in from its edges) is covered except
        // those in one band no taller than the watermark's two-line plate.
        int[] band = uncoveredBand(frame, 0.21, 0.31, 0.44, 0.69);
        double plateHeight = frame.getHeight() * 0.15 + 8;
        assertTrue(band[1] - band[0] < plateHeight, "the drawn mask covers the picture: uncovered rows " + band[0] + " to "
                + band[1] + " of " + (int) frame.getHeight() + " are more than the watermark's plate");
        assertTrue(outside <= 1, "the picture outside the mask is shown (" + outside + " of 5 covered)");
        robot.clickOn("#player-back");
        waitFor("#home-screen");
    }

    @Test
    void whenTheLogCannotRecordTheScreenSaysSoAndNothingChanges() throws Exception {
        robot.clickOn(ADMINISTRATOR_FINGER);
        waitFor("#home-cameras-admin");
        robot.clickOn("#home-cameras-admin");
        waitFor("#cameras-table");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> rows().size() == 3);
        robot.interact(() -> robot.lookup("#cameras-table").queryAs(TableView.class).getSelectionModel().select(0));
        waitForText("#cameras-form-title", shown -> shown.equals("CAM-01 の設定"));
        mamori.auditLog().close();

        type("#cameras-name", "名前を変えた玄関");
        robot.clickOn("#cameras-save");
        waitForText("#cameras-message", shown -> shown.startsWith("監査ログに記録できないため、変更しませんでした"));
        type("#cameras-user", "viewer");
        robot.clickOn("#cameras-password").write(PASSWORD);
        robot.clickOn("#cameras-account-save");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> FxLook.onFxThread(
                () -> robot.lookup("#cameras-password").queryAs(PasswordField.class).getText()).isEmpty());
        waitForText("#cameras-message", shown -> shown.startsWith("監査ログに記録できないため、変更しませんでした"));
        robot.clickOn("#cameras-masks-CAM-01");
        waitForText("#masks-message", shown -> shown.startsWith("監査ログに記録できないため、実行しませんでした"));
        assertTrue(FxLook.onFxThread(() -> robot.lookup("#masks-picture").queryAs(ImageView.class).getImage() == null),
                "no still without its viewing recorded");
        Screenshots.save(stage.getScene(), "masks-log-refused");

        var camera = mamori.cameraRegistry().entries().getFirst();
        assertEquals("正面玄関", camera.camera().name());
        assertFalse(camera.accountSet());
    }

    /// The first and last row (in pixels) within the rectangle that hold a pixel other than the
    /// mask's colour; {0, -1} when every pixel is the mask's.
    private static int[] uncoveredBand(Image frame, double left, double top, double right, double bottom) throws Exception {
        int x0 = (int) Math.ceil(left * frame.getWidth());
        int x1 = (int) Math.floor(right * frame.getWidth());
        int y0 = (int) Math.ceil(top * frame.getHeight());
        int y1 = (int) Math.floor(bottom * frame.getHeight());
        return WaitForAsyncUtils.asyncFx(() -> {
            int first = -1;
            int last = -1;
            for (int y = y0; y <= y1; y++) {
                for (int x = x0; x <= x1; x++) {
                    if ((frame.getPixelReader().getArgb(x, y) & 0xFFFFFF) != MASK_GREY) {
                        first = first < 0 ? y : first;
                        last = y;
                        break;
                    }
                }
            }
            return first < 0 ? new int[] {0, -1} : new int[] {first, last};
        }).get();
    }

    private static boolean covered(Image frame, double x, double y) throws Exception {
        int argb = WaitForAsyncUtils.asyncFx(() -> frame.getPixelReader().getArgb((int) (x * frame.getWidth()), (int) (y * frame.getHeight())))
                .get();
        return (argb & 0xFFFFFF) == MASK_GREY;
    }
}
