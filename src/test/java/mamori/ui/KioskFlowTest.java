package mamori.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import mamori.app.KioskWindow;
import mamori.app.Mamori;
import mamori.audit.AuditAction;
import mamori.app.MamoriConfig;
import mamori.identity.MachineIdentity;
import mamori.app.ReaderSetting;
import mamori.fingerprint.r30x.R30xEmulator;
import mamori.fingerprint.r30x.R30xEmulatorOnPty;
import mamori.identity.LoginLimits;
import mamori.identity.Person;
import mamori.identity.Role;
import mamori.identity.Session;
import mamori.identity.Terminal;
import mamori.policy.ClockStatus;
import mamori.policy.ExceptionDate;
import mamori.policy.ViewingSchedule;
import mamori.store.DataDirectory;
import mamori.ui.audit.AuditViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/// The kiosk in a real window (under Xvfb in CI) on a fresh data directory with the real
/// composition root: encrypted H2 file, key store, demo seed with real FFmpeg encoding.
/// The fingerprint reader is the demo's: the R30x emulator (datasheet timings, 57,600 baud) on a
/// socat pty pair, read by the R30x driver over the pty; fingers are placed by clicking the demo
/// panel, as a person would, and faults are injected into the emulated module or its line.
@Tag("ui")
class KioskFlowTest {

    private static final Locale JAPANESE = Locale.JAPANESE;

    @TempDir
    Path home;
    private final TurnableClock wall = new TurnableClock();
    private final FxRobot robot = new FxRobot();
    private final CountDownLatch exited = new CountDownLatch(1);
    private KioskFixture kiosk;
    private Mamori mamori;
    private Stage stage;
    private KioskWindow window;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    /// Runs the test with the idle lock after this many seconds instead of the default five minutes.
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface IdleLockAfter {
        int seconds();
    }

    /// Runs the test on a PC the data directory has been copied to: the kiosk first runs (and its demo
    /// terminal is registered) on this PC, then starts on another.
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    @interface OnAnotherPc {
    }

    @BeforeEach
    void startKiosk(TestInfo test) throws Exception {
        LoginLimits limits = test.getTestMethod().map(method -> method.getAnnotation(IdleLockAfter.class))
                .map(idle -> LoginLimits.DEFAULTS.withIdleLock(Duration.ofSeconds(idle.seconds()))).orElse(LoginLimits.DEFAULTS);
        MamoriConfig onThisPc = new MamoriConfig(new DataDirectory(home), wall, MamoriConfig.DEFAULT_FACILITY_ZONE,
                KioskFixture.SHORT_PLAN, Optional.empty()).withLoginLimits(limits).withReader(ReaderSetting.DEMO);
        boolean copied = test.getTestMethod().map(method -> method.isAnnotationPresent(OnAnotherPc.class)).orElse(false);
        if (copied) {
            Mamori.open(onThisPc).close();
        }
        MamoriConfig config = copied ? onThisPc.onMachine(MachineIdentity.of("00000000000000000000000000000001", "test"))
                : onThisPc;
        kiosk = KioskFixture.start(config, Mamori::open, exited::countDown);
        mamori = kiosk.mamori;
        stage = kiosk.stage;
        window = kiosk.window;
    }

    @AfterEach
    void closeKiosk() throws Exception {
        kiosk.close();
    }

    /// Waits for the node, then for the JavaFX work already queued: a screen fills in within one
    /// event (the home screen's tiles, then its summary and buttons), which the test must not read
    /// or click half-way through.
    private void waitFor(String query) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> FxLook.present(robot, query));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String text(String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    @Test
    void theLoginScreenAsksForAFingerAndOffersTheDemoReader() throws Exception {
        assertEquals("指紋でログイン", text("#login-title"));
        assertEquals("指を待っています…", text("#login-status"));
        assertEquals("未ログイン", text("#status-person"));
        assertTrue(text("#status-terminal").startsWith("端末 T-"), text("#status-terminal"));
        assertTrue(FxLook.present(robot, "#demo-finger-5"), "operator's finger offered");
        Screenshots.save(stage.getScene(), "login");
    }

    @Test
    void anOperatorLogsInWithTheEmulatedFingerAndSeesOnlyTheirCameras() throws Exception {
        robot.clickOn("#demo-finger-5");
        waitFor("#camera-CAM-01");

        assertEquals("ようこそ、鈴木 一郎 さん", text("#home-greeting"));
        assertEquals("鈴木 一郎", text("#status-person"));
        assertEquals("オペレーター", text("#status-role"));
        assertEquals("閲覧できるカメラ: 2 台", text("#home-summary"));
        assertTrue(FxLook.present(robot, "#camera-CAM-02"));
        assertFalse(FxLook.present(robot, "#camera-CAM-03"), "no grant on the dining-room camera");
        assertFalse(FxLook.present(robot, "#home-exit"), "only administrators may exit");
        Node entrance = robot.lookup("#camera-CAM-01").query();
        assertTrue(robot.from(entrance).lookup((Label label) -> label.getText().equals("正面玄関")).tryQuery().isPresent());
        assertTrue(robot.from(entrance).lookup((Label label) -> label.getText().startsWith("録画 ")
                && label.getText().endsWith("（2 ファイル）")).tryQuery().isPresent(), "recorded span shown");
        Screenshots.save(stage.getScene(), "home-operator");
    }

    @Test
    void aSupervisorSeesEveryCamera() throws Exception {
        robot.clickOn("#demo-finger-4");
        waitFor("#camera-CAM-03");
        assertEquals("監督者", text("#status-role"));
        assertEquals("閲覧できるカメラ: 3 台", text("#home-summary"));
    }

    @Test
    void anAuditorIsToldNoCameraIsGranted() throws Exception {
        robot.clickOn("#demo-finger-7");
        waitFor("#home-screen");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("#home-summary").equals("閲覧を許可されたカメラはありません。"));
        assertTrue(robot.lookup(".camera-tile").queryAll().isEmpty());
    }

    @Test
    void anUnknownFingerIsRefusedOnScreenAndTheScreenKeepsWaiting() throws Exception {
        robot.clickOn("#demo-finger-unknown");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("#login-status").startsWith("この指紋は登録されていません"));
        assertTrue(robot.lookup("#login-status").query().getStyleClass().contains("error"));
        Screenshots.save(stage.getScene(), "login-refused");
        robot.clickOn("#demo-finger-6");
        waitFor("#home-screen");
        assertEquals("鈴木 一郎", text("#status-person"));
    }

    @Test
    void anAuditorReadsTheLogAndSeesEachEntryVerified() throws Exception {
        robot.clickOn("#demo-finger-7");
        waitFor("#home-audit");
        robot.clickOn("#home-audit");
        waitFor("#audit-table");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !robot.lookup("#audit-table")
                .queryAs(javafx.scene.control.TableView.class).getItems().isEmpty());
        @SuppressWarnings("unchecked")
        var table = (javafx.scene.control.TableView<AuditViewModel.Row>) robot.lookup("#audit-table").query();
        var newest = table.getItems().getFirst();
        assertEquals("ログイン", newest.action(), "the auditor's own login is the newest entry");
        assertEquals("高橋 美咲", newest.person());
        assertTrue(table.getItems().stream().allMatch(AuditViewModel.Row::verified));
        assertTrue(text("#audit-page-summary").startsWith("エントリ "), text("#audit-page-summary"));

        robot.clickOn("#audit-verify-all");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> text("#audit-whole-log").startsWith("ログ全体を検証しました"));
        Screenshots.save(stage.getScene(), "audit");
        robot.clickOn("#audit-back");
        waitFor("#home-screen");
    }

    @Test
    void anOperatorIsNotOfferedTheAuditLog() throws Exception {
        robot.clickOn("#demo-finger-5");
        waitFor("#camera-CAM-01");
        assertFalse(robot.lookup("#home-audit").query().isVisible());
    }

    @Test
    void theLoginGoesThroughTheR30xDriverOnASerialLine() throws Exception {
        assertTrue(text("#login-reader").contains("R30x") && text("#login-reader").contains("/dev/pts/"), text("#login-reader"));
        robot.clickOn("#demo-finger-5");
        waitFor("#camera-CAM-01");
        var login = mamori.auditEntries().byAction(AuditAction.LOGIN);
        assertEquals(1, login.size());
        assertTrue(login.getFirst().canonical().contains("\"score\":" + R30xEmulator.MATCH_SCORE),
                login.getFirst().canonical());
    }

    @Test
    void garbledAnswersAndASilentReaderAreShownRecordedAndOverWhenTheReaderIsBack() throws Exception {
        R30xEmulatorOnPty module = mamori.emulatedModule().orElseThrow();
        module.emulator().corruptNextChecksums(Integer.MAX_VALUE);
        waitForReaderLost();
        assertTrue(text("#login-status").contains("checksum"), text("#login-status"));
        Screenshots.save(stage.getScene(), "login-reader-lost");
        module.emulator().corruptNextChecksums(0);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("#login-status").equals("指を待っています…"));
        assertFalse(robot.lookup("#login-status").query().getStyleClass().contains("error"));

        module.emulator().setSilent(true);
        waitForReaderLost();
        assertTrue(text("#login-status").contains("did not answer in time"), text("#login-status"));
        module.emulator().setSilent(false);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("#login-status").equals("指を待っています…"));

        var lost = mamori.auditEntries().byAction(AuditAction.READER_LOST);
        assertEquals(2, lost.size(), "one entry per change, not per poll");
        assertTrue(lost.get(0).canonical().contains("checksum"), lost.get(0).canonical());
        assertTrue(lost.get(1).canonical().contains("did not answer in time"), lost.get(1).canonical());
        var back = mamori.auditEntries().byAction(AuditAction.READER_CONNECTED);
        assertEquals(2, back.size());
        assertTrue(lost.get(0).seq() < back.get(0).seq() && back.get(0).seq() < lost.get(1).seq() && lost.get(1).seq() < back.get(1).seq());

        robot.clickOn("#demo-finger-5");
        waitFor("#camera-CAM-01");
    }

    @Test
    void anUnpluggedReaderIsShownAndRecordedWithoutHangingTheScreen() throws Exception {
        mamori.emulatedModule().orElseThrow().unplug();
        waitForReaderLost();
        assertTrue(text("#login-status").contains("disconnected"), text("#login-status"));
        var lost = mamori.auditEntries().byAction(AuditAction.READER_LOST);
        assertEquals(1, lost.size());
        assertTrue(lost.getFirst().canonical().contains("disconnected"), lost.getFirst().canonical());
        // The screen keeps answering: the demo panel still reacts, and a finger changes nothing.
        robot.clickOn("#demo-finger-5");
        WaitForAsyncUtils.sleep(1500, TimeUnit.MILLISECONDS);
        assertTrue(FxLook.present(robot, "#login-screen"));
        assertTrue(text("#login-status").startsWith("指紋リーダーが応答しません"), text("#login-status"));
        assertEquals(1, mamori.auditEntries().byAction(AuditAction.READER_LOST).size(), "recorded once, not per poll");
        assertEquals(0, mamori.auditEntries().byAction(AuditAction.LOGIN).size());
    }

    private void waitForReaderLost() throws Exception {
        // The text and the style class change in one pulse on the FX thread, but this thread may
        // look between the two (seen once in CI): wait for both.
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("#login-status").startsWith("指紋リーダーが応答しません")
                && robot.lookup("#login-status").query().getStyleClass().contains("error"));
    }

    @Test
    void logoutReturnsToTheLoginScreen() throws Exception {
        robot.clickOn("#demo-finger-5");
        waitFor("#home-logout");
        robot.clickOn("#home-logout");
        waitFor("#login-screen");
        assertEquals("未ログイン", text("#status-person"));
        assertTrue(mamori.loginService().currentSession().isEmpty());
    }

    @Test
    void onlyAnAdministratorCanExitTheKiosk() throws Exception {
        robot.clickOn("#demo-finger-1");
        waitFor("#home-exit");
        assertEquals("管理者", text("#status-role"));
        Screenshots.save(stage.getScene(), "home-administrator");
        robot.clickOn("#home-exit");
        assertTrue(exited.await(5, TimeUnit.SECONDS), "administrator's exit ends the kiosk");
    }

    @Test
    void anOperatorPlaysARecordingMaskedAndWatermarkedAndEveryMoveIsRecorded() throws Exception {
        robot.clickOn("#demo-finger-5");
        waitFor("#camera-CAM-02");
        robot.clickOn("#camera-CAM-02");
        waitFor("#player-screen");
        // The demo facility asks operators why they watch; nothing plays before the answer.
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#player-purpose").query().isVisible());
        robot.clickOn("#player-purpose-start");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> text("#player-message").equals("先に閲覧目的を選ぶか入力してください。"));
        Screenshots.save(stage.getScene(), "player-purpose");
        robot.interact(() -> robot.lookup("#player-purpose-choice").queryAs(javafx.scene.control.ChoiceBox.class)
                .getSelectionModel().select(0));
        robot.clickOn("#player-purpose-text").write("事案 2026-0042");
        robot.clickOn("#player-purpose-start");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !text("#player-position").isEmpty());
        String early = text("#player-position");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !text("#player-position").equals(early));
        assertEquals("一時停止", robot.lookup("#player-play-pause").queryButton().getText(), "playing");

        var picture = robot.lookup("#player-picture").queryAs(javafx.scene.image.ImageView.class).getImage();
        int covered = 0;
        for (double y : new double[] {0.40, 0.45, 0.50, 0.55, 0.60}) {
            int argb = WaitForAsyncUtils.asyncFx(() -> picture.getPixelReader().getArgb((int) (0.83 * picture.getWidth()),
                    (int) (y * picture.getHeight()))).get();
            covered += (argb & 0xFFFFFF) == 0x303030 ? 1 : 0;
        }
        assertTrue(covered >= 3, "the doorway mask covers the picture (" + covered + " of 5 points)");
        Screenshots.save(stage.getScene(), "player");
        robot.moveTo("#player-picture").scroll(4, javafx.geometry.VerticalDirection.UP);
        WaitForAsyncUtils.sleep(1500, TimeUnit.MILLISECONDS);
        Screenshots.save(stage.getScene(), "player-zoomed");

        robot.clickOn("#player-masks");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("#player-message").contains("権限がありません"));
        robot.clickOn("#player-play-pause");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#player-play-pause").queryButton().getText().equals("再生"));
        robot.clickOn("#player-back");
        waitFor("#home-screen");

        var store = mamori.auditEntries();
        var play = store.byAction(AuditAction.PLAY);
        assertEquals(1, play.size());
        assertEquals("demo-cam-2", play.getFirst().cameraId());
        assertEquals("demo-operator", play.getFirst().personId());
        assertTrue(play.getFirst().canonical().contains("\"purpose\":\"事故・事案の確認: 事案 2026-0042\""), play.getFirst().canonical());
        assertEquals(1, store.byAction(AuditAction.PAUSE).size());
        assertEquals(1, store.byAction(AuditAction.POLICY_DENIAL).size(), "the operator may not lift the mask");
        var stop = store.byAction(AuditAction.STOP);
        assertEquals(1, stop.size());
        assertTrue(stop.getFirst().canonical().contains("\"watchedSeconds\""), stop.getFirst().canonical());
        assertTrue(play.getFirst().seq() < stop.getFirst().seq());
    }

    @Test
    void aSupervisorWatchesEveryCameraSideBySideAndTheGridIsRecorded() throws Exception {
        robot.clickOn("#demo-finger-4");
        waitFor("#camera-CAM-03");
        robot.clickOn("#home-grid");
        waitFor("#player-grid");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !text("#player-position").isEmpty());
        String early = text("#player-position");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !text("#player-position").equals(early));
        assertEquals(3, robot.lookup(".player-cell-name").queryAll().size(), "three cameras side by side");
        Screenshots.save(stage.getScene(), "player-grid");
        robot.clickOn("#player-back");
        waitFor("#home-screen");
        var store = mamori.auditEntries();
        assertEquals(1, store.byAction(AuditAction.CAMERA_SWITCH).size());
        assertEquals(3, store.byAction(AuditAction.PLAY).size());
        assertEquals(3, store.byAction(AuditAction.STOP).size());
        assertTrue(store.byAction(AuditAction.CAMERA_SWITCH).getFirst().seq() < store.byAction(AuditAction.PLAY).getFirst().seq());
    }

    @Test
    void outsideTheirViewingHoursAnOperatorSeesTheirCamerasClosedAndCannotOpenThem() throws Exception {
        // The operator's own hours: every day, but closed today and tomorrow (so the test may run across midnight).
        LocalDate today = LocalDate.ofInstant(mamori.clockWatch().trustedNow(), mamori.facilityZone());
        mamori.viewingHours().setForPerson("demo-operator",
                ViewingSchedule.always().withExceptions(ExceptionDate.closed(today), ExceptionDate.closed(today.plusDays(1))));

        robot.clickOn("#demo-finger-5");
        waitFor("#camera-CAM-01");
        assertEquals("閲覧可能時間外です。", text("#camera-CAM-01-unavailable"));
        assertEquals("閲覧可能時間外です。", text("#camera-CAM-02-unavailable"));
        assertFalse(FxLook.present(robot, "#camera-CAM-03"), "cameras without a grant are still not listed");
        assertEquals("閲覧できるカメラ: 0 台（ほか 2 台は現在閲覧できません）", text("#home-summary"));
        assertTrue(robot.lookup("#camera-CAM-01").query().getStyleClass().contains("unavailable"), "the tile is dimmed");
        assertFalse(robot.lookup("#home-clock-banner").query().isVisible());
        Screenshots.save(stage.getScene(), "home-outside-hours");

        robot.clickOn("#camera-CAM-01");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS,
                () -> text("#home-error").equals("CAM-01 正面玄関 は現在閲覧できません: 閲覧可能時間外です。"));
        WaitForAsyncUtils.sleep(1, TimeUnit.SECONDS);
        assertFalse(FxLook.present(robot, "#player-screen"), "the player did not open");
        assertTrue(FxLook.present(robot, "#home-screen"));
        assertEquals(0, mamori.auditEntries().byAction(AuditAction.PLAY).size());
        assertEquals(0, mamori.auditEntries().byAction(AuditAction.POLICY_DENIAL).size(), "playback was not even attempted");
    }

    @Test
    void afterTheClockIsTurnedBackOperatorsCannotViewAndASupervisorAcknowledgesTheJump() throws Exception {
        wall.turn(Duration.ofHours(-3));
        mamori.clockWatch().check();
        assertEquals(ClockStatus.JUMP_UNACKNOWLEDGED, mamori.clockWatch().status());

        robot.clickOn("#demo-finger-5");
        waitFor("#camera-CAM-01");
        String reason = text("#camera-CAM-01-unavailable");
        assertTrue(reason.startsWith("端末の時計が大きく変更されました"), reason);
        assertFalse(robot.lookup("#home-clock-banner").query().isVisible(), "operators cannot acknowledge, so are not asked to");
        robot.clickOn("#home-logout");
        waitFor("#login-screen");

        robot.clickOn("#demo-finger-3");
        waitFor("#camera-CAM-03");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#home-clock-banner").query().isVisible());
        String warning = text("#home-clock-warning");
        assertTrue(warning.startsWith("端末の時計が変更されました") && warning.contains("分戻りました"), warning);
        assertTrue(robot.lookup("#home-clock-acknowledge").query().isVisible());
        assertTrue(FxLook.present(robot, "#camera-CAM-03-unavailable"), "footage closed to the supervisor too");
        Screenshots.save(stage.getScene(), "home-clock-jump");

        robot.clickOn("#home-clock-acknowledge");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !robot.lookup("#home-clock-banner").query().isVisible()
                && text("#home-summary").equals("閲覧できるカメラ: 3 台"));
        assertFalse(FxLook.present(robot, "#camera-CAM-03-unavailable"));
        assertEquals(ClockStatus.TRUSTED, mamori.clockWatch().status());
        assertEquals(1, mamori.auditEntries().byAction(AuditAction.CLOCK_JUMP_DETECTED).size());
        var acknowledged = mamori.auditEntries().byAction(AuditAction.CONFIGURATION_CHANGE);
        assertEquals(1, acknowledged.size());
        assertEquals("demo-supervisor", acknowledged.getFirst().personId());
        assertTrue(acknowledged.getFirst().canonical().contains("clock jump acknowledged"), acknowledged.getFirst().canonical());
    }

    @Test
    @OnAnotherPc
    void onAPcTheDataWasCopiedToOnlyAnAdministratorLogsInAndRegistersIt() throws Exception {
        robot.clickOn("#demo-finger-5");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("#login-status").startsWith("このPCは登録されていません"));
        Screenshots.save(stage.getScene(), "login-unregistered-pc");

        robot.clickOn("#demo-finger-1");
        waitFor("#home-register-terminal");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#home-registration-banner").query().isVisible());
        assertTrue(text("#home-registration-warning").startsWith("この端末は別のPCで登録されたものです"), text("#home-registration-warning"));
        Screenshots.save(stage.getScene(), "home-unregistered-pc");

        robot.clickOn("#home-register-terminal");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !robot.lookup("#home-registration-banner").query().isVisible());
        assertTrue(mamori.terminalRegistration().isRegistered());
        var registrations = mamori.auditEntries().byAction(AuditAction.TERMINAL_REGISTERED);
        assertEquals(2, registrations.size(), "the demo's on the first PC, the administrator's on this one");
        assertEquals("demo-admin", registrations.getLast().personId());
        assertEquals(1, mamori.auditEntries().byAction(AuditAction.LOGIN_FAILED).size(), "the operator's refusal");
        robot.clickOn("#home-logout");
        waitFor("#login-screen");
        robot.clickOn("#demo-finger-5");
        waitFor("#camera-CAM-01");
        assertTrue(robot.lookup("#camera-CAM-01-unavailable").tryQuery().isEmpty(), "registered: the operator's footage is open again");
    }

    /// Selects the entry of the list `query` whose text is `label`, once the list is filled.
    private void selectInList(String query, String label) throws Exception {
        javafx.scene.control.ListView<?> list = robot.lookup(query).queryAs(javafx.scene.control.ListView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> list.getItems().stream().anyMatch(item -> item.toString().equals(label)));
        robot.interact(() -> list.getSelectionModel().select(list.getItems().stream().map(Object::toString).toList().indexOf(label)));
    }

    /// Picks the entry of the choice box `query` whose text starts with `label`.
    private void choose(String query, String label) throws Exception {
        javafx.scene.control.ComboBox<?> box = robot.lookup(query).queryAs(javafx.scene.control.ComboBox.class);
        robot.interact(() -> box.getItems().stream().filter(item -> item.toString().startsWith(label)).findFirst()
                .ifPresent(item -> box.getSelectionModel().select(box.getItems().indexOf(item))));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(box.getValue() != null && box.getValue().toString().startsWith(label), query + " offers " + label);
    }

    @Test
    void anAdministratorGivesTheAuditorsACameraAndTakesItBackAndBothChangesAreRecorded() throws Exception {
        robot.clickOn("#demo-finger-1");
        waitFor("#home-rights");
        robot.clickOn("#home-rights");
        waitFor("#rights-table");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !robot.lookup("#rights-subject").queryAs(javafx.scene.control.ComboBox.class)
                .getItems().isEmpty());
        choose("#rights-subject", "役割: 監査担当");
        choose("#rights-camera", "CAM-01");
        choose("#rights-permission", "録画の閲覧");
        robot.clickOn("#rights-give");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("#rights-message").startsWith("付与しました"));
        waitFor("#rights-take-back-AUDITOR-demo-cam-1-VIEW_RECORDINGS");
        Screenshots.save(stage.getScene(), "rights");
        var changes = mamori.auditEntries().byAction(AuditAction.CONFIGURATION_CHANGE);
        assertEquals(1, changes.size());
        assertTrue(changes.getFirst().canonical().contains("\"setting\":\"camera grant\""), changes.getFirst().canonical());
        assertEquals("demo-admin", changes.getFirst().personId());

        robot.clickOn("#rights-back");
        waitFor("#home-logout");
        robot.clickOn("#home-logout");
        waitFor("#login-screen");
        robot.clickOn("#demo-finger-7");
        waitFor("#camera-CAM-01");
        assertEquals("閲覧できるカメラ: 1 台", text("#home-summary"));
        robot.clickOn("#home-logout");
        waitFor("#login-screen");

        robot.clickOn("#demo-finger-2");
        waitFor("#home-rights");
        robot.clickOn("#home-rights");
        waitFor("#rights-take-back-AUDITOR-demo-cam-1-VIEW_RECORDINGS");
        robot.clickOn("#rights-take-back-AUDITOR-demo-cam-1-VIEW_RECORDINGS");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("#rights-message").startsWith("取り消しました")
                && robot.lookup("#rights-take-back-AUDITOR-demo-cam-1-VIEW_RECORDINGS").tryQuery().isEmpty());
        assertEquals(2, mamori.auditEntries().byAction(AuditAction.CONFIGURATION_CHANGE).size());
    }

    @Test
    void anAdministratorClosesTheOperatorsHoursOnScreenAndTheOperatorFindsTheirCamerasClosed() throws Exception {
        LocalDate today = LocalDate.ofInstant(mamori.clockWatch().trustedNow(), mamori.facilityZone());
        robot.clickOn("#demo-finger-1");
        waitFor("#home-schedule");
        robot.clickOn("#home-schedule");
        waitFor("#schedule-owners");
        selectInList("#schedule-owners", "役割: オペレーター");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("#schedule-state").equals("この役割には閲覧時間が設定されていません（制限なし）。"));
        // Every day from 00:00 for 24 hours, but closed today and tomorrow (so the test may run across midnight).
        for (String day : List.of("月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "土曜日", "日曜日")) {
            choose("#schedule-day", day);
            robot.clickOn("#schedule-start").write("00:00");
            robot.clickOn("#schedule-end").write("00:00");
            robot.clickOn("#schedule-add-weekly");
            robot.interact(() -> {
                robot.lookup("#schedule-start").queryAs(javafx.scene.control.TextField.class).clear();
                robot.lookup("#schedule-end").queryAs(javafx.scene.control.TextField.class).clear();
            });
        }
        robot.clickOn("#schedule-date").write(today.toString());
        robot.clickOn("#schedule-add-exception");
        robot.interact(() -> robot.lookup("#schedule-date").queryAs(javafx.scene.control.TextField.class).setText(today.plusDays(1).toString()));
        robot.clickOn("#schedule-add-exception");
        assertEquals(7, robot.lookup("#schedule-weekly").queryAs(javafx.scene.control.TableView.class).getItems().size());
        assertEquals("変更はまだ保存されていません。", text("#schedule-message"));
        robot.clickOn("#schedule-save");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("#schedule-message").startsWith("役割: オペレーター の閲覧時間を保存しました"));
        assertEquals("閲覧時間が設定されています。", text("#schedule-state"));
        Screenshots.save(stage.getScene(), "schedule");
        var changes = mamori.auditEntries().byAction(AuditAction.CONFIGURATION_CHANGE);
        assertEquals(1, changes.size());
        String change = changes.getFirst().canonical();
        assertTrue(change.contains("\"setting\":\"viewing hours\"") && change.contains("\"" + today + " closed\""), change);

        robot.clickOn("#schedule-back");
        waitFor("#home-logout");
        robot.clickOn("#home-logout");
        waitFor("#login-screen");
        robot.clickOn("#demo-finger-5");
        waitFor("#camera-CAM-01");
        assertEquals("閲覧可能時間外です。", text("#camera-CAM-01-unavailable"));
        robot.clickOn("#home-logout");
        waitFor("#login-screen");

        robot.clickOn("#demo-finger-2");
        waitFor("#home-schedule");
        robot.clickOn("#home-schedule");
        waitFor("#schedule-owners");
        selectInList("#schedule-owners", "役割: オペレーター");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("#schedule-state").equals("閲覧時間が設定されています。"));
        robot.clickOn("#schedule-clear");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("#schedule-message").contains("の閲覧時間の設定を削除しました"));
        assertEquals(2, mamori.auditEntries().byAction(AuditAction.CONFIGURATION_CHANGE).size());
        robot.clickOn("#schedule-back");
        waitFor("#home-logout");
        robot.clickOn("#home-logout");
        waitFor("#login-screen");
        robot.clickOn("#demo-finger-5");
        waitFor("#camera-CAM-01");
        assertFalse(robot.lookup("#camera-CAM-01-unavailable").tryQuery().map(javafx.scene.Node::isVisible).orElse(false),
                "the camera is open again");
    }

    private int entries(AuditAction action) throws Exception {
        return mamori.auditEntries().byAction(action).size();
    }

    @Test
    void fiveUnknownFingersLockTheTerminalOutUntilAnAdministratorComes() throws Exception {
        for (int i = 1; i <= 5; i++) {
            robot.clickOn("#demo-finger-unknown");
            int refused = i;
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> entries(AuditAction.LOGIN_FAILED) == refused);
        }
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("#login-status").startsWith("認証の失敗が続いたため、この端末はロック中です"));
        assertTrue(robot.lookup("#login-status").query().getStyleClass().contains("error"));
        assertEquals(1, entries(AuditAction.TERMINAL_LOCKED_OUT));
        Screenshots.save(stage.getScene(), "login-locked-out");

        robot.clickOn("#demo-finger-5");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> entries(AuditAction.LOGIN_FAILED) == 6);
        WaitForAsyncUtils.sleep(700, TimeUnit.MILLISECONDS);
        assertTrue(FxLook.present(robot, "#login-screen"), "the operator is refused while locked out");
        assertTrue(text("#login-status").startsWith("認証の失敗が続いたため"), text("#login-status"));

        robot.clickOn("#demo-finger-1");
        waitFor("#home-screen");
        assertEquals("山田 太郎", text("#status-person"));
        var lifted = mamori.auditEntries().byAction(AuditAction.LOCKOUT_LIFTED);
        assertEquals(1, lifted.size());
        assertEquals("demo-admin", lifted.getFirst().personId());
    }

    @Test
    @IdleLockAfter(seconds = 4)
    void anIdleSessionLocksTheScreenAndTheSamePersonsFingerUnlocksIt() throws Exception {
        robot.clickOn("#demo-finger-5");
        waitFor("#home-screen");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> FxLook.present(robot, "#lock-screen"));
        assertEquals("画面をロックしました", text("#lock-title"));
        assertEquals("鈴木 一郎 さん（オペレーター）が使用中です", text("#lock-who"));
        assertTrue(text("#lock-since").endsWith("からログイン中"), text("#lock-since"));
        assertTrue(FxLook.present(robot, "#demo-finger-6"), "the demo reader is offered on the lock screen");
        assertEquals(1, entries(AuditAction.LOCK));
        Screenshots.save(stage.getScene(), "lock");

        robot.clickOn("#demo-finger-6");
        waitFor("#home-screen");
        assertEquals("鈴木 一郎", text("#status-person"));
        assertEquals(1, entries(AuditAction.UNLOCK));
        assertEquals(1, entries(AuditAction.LOGIN), "the same session goes on");
        assertEquals(0, entries(AuditAction.FORCED_LOGOUT));
    }

    @Test
    @IdleLockAfter(seconds = 4)
    void anotherPersonsFingerAtTheLockScreenEndsTheFirstSession() throws Exception {
        robot.clickOn("#demo-finger-5");
        waitFor("#home-screen");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> FxLook.present(robot, "#lock-screen"));
        robot.clickOn("#demo-finger-3");
        waitFor("#home-sessions");
        assertEquals("佐藤 花子", text("#status-person"));
        var forced = mamori.auditEntries().byAction(AuditAction.FORCED_LOGOUT);
        assertEquals(1, forced.size());
        assertEquals("demo-operator", forced.getFirst().personId());
        assertTrue(forced.getFirst().canonical().contains("another person logged in at the lock screen"), forced.getFirst().canonical());
        assertEquals("demo-supervisor", mamori.loginService().currentSession().orElseThrow().person().id());
        assertEquals(0, entries(AuditAction.UNLOCK));
    }

    @Test
    @IdleLockAfter(seconds = 8)
    void playbackStopsWhenTheScreenLocks() throws Exception {
        robot.clickOn("#demo-finger-4");
        waitFor("#camera-CAM-02");
        robot.clickOn("#camera-CAM-02");
        waitFor("#player-screen");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> entries(AuditAction.PLAY) == 1);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> FxLook.present(robot, "#lock-screen"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> entries(AuditAction.STOP) == 1);
        var stop = mamori.auditEntries().byAction(AuditAction.STOP).getFirst();
        assertTrue(stop.canonical().contains("\"locked\""), stop.canonical());
        assertTrue(mamori.auditEntries().byAction(AuditAction.LOCK).getFirst().seq() < stop.seq());
    }

    @Test
    void aSupervisorSeesWhoIsLoggedInWhereAndForcesASessionOut() throws Exception {
        Person operator = new Person("demo-operator", "鈴木 一郎", java.util.Set.of(Role.OPERATOR), true);
        mamori.sessions().open(new Session(java.util.UUID.randomUUID().toString(), operator, new Terminal("T-OFFICE", "事務所"),
                wall.instant().minus(Duration.ofMinutes(75))));

        robot.clickOn("#demo-finger-3");
        waitFor("#home-sessions");
        robot.clickOn("#home-sessions");
        waitFor("#sessions-table");
        @SuppressWarnings("unchecked")
        var table = (javafx.scene.control.TableView<mamori.ui.sessions.SessionsViewModel.Row>) robot.lookup("#sessions-table").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 2);
        var office = table.getItems().getFirst();
        assertEquals("鈴木 一郎", office.person());
        assertEquals("T-OFFICE（事務所）", office.terminal());
        assertEquals("1:15", office.elapsed());
        assertEquals("使用中", office.state());
        assertEquals("佐藤 花子（あなた）", table.getItems().get(1).person());
        assertTrue(robot.lookup("#sessions-force-" + mamori.terminal().id()).queryButton().isDisabled(), "not one's own session");
        Screenshots.save(stage.getScene(), "sessions");

        robot.clickOn("#sessions-force-T-OFFICE");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().size() == 1);
        assertEquals("鈴木 一郎 さんを端末 T-OFFICE（事務所） から強制ログアウトしました。", text("#sessions-message"));
        var forced = mamori.auditEntries().byAction(AuditAction.FORCED_LOGOUT);
        assertEquals(1, forced.size());
        assertEquals("demo-operator", forced.getFirst().personId());
        assertTrue(forced.getFirst().canonical().contains("\"by\":\"demo-supervisor\""), forced.getFirst().canonical());
        robot.clickOn("#sessions-back");
        waitFor("#home-screen");
    }

    /// The system clock, turned by the test as a person would turn the PC's clock.
    private static final class TurnableClock extends Clock {

        private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

        void turn(Duration by) {
            offset.updateAndGet(current -> current.plus(by));
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset.get());
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
