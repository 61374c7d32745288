package mamori.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Labeled;
import javafx.scene.control.ProgressBar;
import javafx.stage.Stage;
import mamori.app.KioskWindow;
import mamori.app.Mamori;
import mamori.app.MamoriConfig;
import mamori.app.ReaderSetting;
import mamori.audit.AuditAction;
import mamori.audit.StoredEntry;
import mamori.export.ExportProductionTestAccess;
import mamori.export.SteppedTestProducer;
import mamori.identity.LoginLimits;
import mamori.store.DataDirectory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/// The export flow in a real window on the real composition root, fingers placed on the demo's
/// emulated R30x module by clicking the demo reader panel: the operator requests from the player,
/// their own finger is refused on the approval screen, a supervisor's finger approves, production
/// runs with its progress (the real producer: the demo recording transcoded, signed, encrypted), the
/// passphrase is shown once, the recipient's verifier accepts the package with it and refuses it
/// with one byte changed, and the copy screen follows.
@Tag("ui")
class ExportFlowTest {

    private static final Locale JAPANESE = Locale.JAPANESE;
    /// The operator's finger (鈴木 一郎) and a supervisor's (佐藤 花子) on the demo module.
    private static final String OPERATOR_FINGER = "#demo-finger-5";
    private static final String SUPERVISOR_FINGER = "#demo-finger-4";

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
    void startKiosk(org.junit.jupiter.api.TestInfo test) throws Exception {
        LoginLimits limits = test.getTestMethod().map(method -> method.getAnnotation(KioskFlowTest.IdleLockAfter.class))
                .map(idle -> LoginLimits.DEFAULTS.withIdleLock(Duration.ofSeconds(idle.seconds())))
                .orElse(LoginLimits.DEFAULTS);
        MamoriConfig config = new MamoriConfig(new DataDirectory(home), Clock.systemUTC(), MamoriConfig.DEFAULT_FACILITY_ZONE, KioskFixture.SHORT_PLAN,
                Optional.empty()).withLoginLimits(limits).withReader(ReaderSetting.DEMO);
        kiosk = KioskFixture.start(config);
        mamori = kiosk.mamori;
        stage = kiosk.stage;
        window = kiosk.window;
    }

    @AfterEach
    void closeKiosk() throws Exception {
        kiosk.close();
    }

    private void waitFor(String query) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> FxLook.present(robot, query));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String text(String query) {
        return robot.lookup(query).queryAs(Labeled.class).getText();
    }

    private void waitForText(String query, java.util.function.Predicate<String> shown) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> FxLook.present(robot, query) && shown.test(text(query)));
    }

    /// The operator opens the entrance camera, says why, and asks to export around what is shown.
    private void operatorRequestsFromThePlayer() throws Exception {
        robot.clickOn(OPERATOR_FINGER);
        waitFor("#camera-CAM-01");
        robot.clickOn("#camera-CAM-01");
        waitFor("#player-screen");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#player-purpose").query().isVisible());
        robot.interact(() -> robot.lookup("#player-purpose-choice").queryAs(javafx.scene.control.ChoiceBox.class)
                .getSelectionModel().select(0));
        robot.clickOn("#player-purpose-text").write("事案 2026-0042");
        robot.clickOn("#player-purpose-start");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !text("#player-position").isEmpty());
        robot.clickOn("#player-request-export");
        waitFor("#export-request-screen");

        robot.clickOn("#export-request-submit");
        waitForText("#export-request-status", status -> status.equals("書き出しの目的を入力してください。"));
        robot.clickOn("#export-request-purpose").write("窃盗事件の捜査協力");
        robot.clickOn("#export-request-recipient").write("中央警察署");
        robot.clickOn("#export-request-submit");
        waitForText("#export-request-status", status -> status.startsWith("申請しました。監督者の承認を待っています"));
        Screenshots.save(stage.getScene(), "export-request-waiting");
    }

    @Test
    void anOperatorRequestsTheirOwnFingerIsRefusedASupervisorsFingerApprovesAndThePassphraseIsShownOnce() throws Exception {
        operatorRequestsFromThePlayer();
        List<StoredEntry> requested = mamori.auditEntries().byAction(AuditAction.EXPORT_REQUESTED);
        assertEquals(1, requested.size());
        assertEquals("demo-operator", requested.getFirst().personId());
        assertTrue(requested.getFirst().canonical().contains("\"recipient\":\"中央警察署\""), requested.getFirst().canonical());
        assertTrue(mamori.auditEntries().byAction(AuditAction.EXPORT_WRITTEN).isEmpty(), "nothing written by a request");

        robot.clickOn("#export-request-approve-now");
        waitFor("#export-approval-screen");
        assertEquals("窃盗事件の捜査協力", text("#export-approval-purpose"));
        assertEquals("警察（中央警察署）", text("#export-approval-recipient"));
        assertTrue(text("#export-approval-requester").startsWith("鈴木 一郎"), text("#export-approval-requester"));
        assertTrue(text("#export-approval-camera").contains("正面玄関"), text("#export-approval-camera"));

        // The preview is the span played by the screen's session: recorded like any viewing.
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> !robot.lookup("#export-preview-slider").query().isDisabled());
        String requestId = requested.getFirst().canonical().replaceAll(".*\"request\":\"([^\"]+)\".*", "$1");
        StoredEntry play = mamori.auditEntries().byAction(AuditAction.PLAY).getLast();
        assertTrue(play.canonical().contains("\"purpose\":\"export review " + requestId + "\""), play.canonical());
        int seeks = mamori.auditEntries().byAction(AuditAction.SEEK).size();
        robot.drag("#export-preview-slider").moveBy(120, 0).release(javafx.scene.input.MouseButton.PRIMARY);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> mamori.auditEntries().byAction(AuditAction.SEEK).size() > seeks);
        assertTrue(mamori.auditEntries().byAction(AuditAction.SEEK).getLast().canonical().contains("\"dragged\":true"));
        WaitForAsyncUtils.sleep(800, TimeUnit.MILLISECONDS);
        Screenshots.save(stage.getScene(), "export-approval-preview");

        robot.clickOn("#export-approval-approve");
        waitForText("#export-approval-status", status -> status.startsWith("承認する監督者は"));
        robot.clickOn(OPERATOR_FINGER);
        waitForText("#export-approval-status", status -> status.contains("申請者本人の指紋では承認も却下もできません"));
        Screenshots.save(stage.getScene(), "export-approval-self-refused");
        StoredEntry refusal = mamori.auditEntries().byAction(AuditAction.POLICY_DENIAL).getLast();
        assertEquals("demo-operator", refusal.personId());
        assertTrue(refusal.canonical().contains("\"reason\":\"SELF_APPROVAL\""), refusal.canonical());
        assertTrue(mamori.auditEntries().byAction(AuditAction.EXPORT_APPROVED).isEmpty());

        robot.clickOn(SUPERVISOR_FINGER);
        waitFor("#export-production-screen");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> mamori.auditEntries().byAction(AuditAction.STOP).getLast().canonical()
                .contains("export review ended"));
        // The real producer: the demo recording transcoded, signed and encrypted.
        ProgressBar bar = robot.lookup("#export-production-progress").queryAs(ProgressBar.class);
        List<Double> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        robot.interact(() -> bar.progressProperty().addListener((property, was, now) -> seen.add(now.doubleValue())));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> seen.stream().anyMatch(p -> p > 0 && p < 1));
        Screenshots.save(stage.getScene(), "export-production-progress");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> text("#export-production-passphrase").matches("([2-9A-HJ-NP-Z]{4}-){4}[2-9A-HJ-NP-Z]{4}"));
        char[] passphrase = text("#export-production-passphrase").toCharArray();
        Screenshots.save(stage.getScene(), "export-production-passphrase");
        assertEquals(1.0, bar.getProgress());

        StoredEntry approved = mamori.auditEntries().byAction(AuditAction.EXPORT_APPROVED).getFirst();
        assertEquals("demo-supervisor", approved.personId());
        StoredEntry written = mamori.auditEntries().byAction(AuditAction.EXPORT_WRITTEN).getFirst();
        String sha = text("#export-production-sha256");
        assertTrue(written.canonical().contains("\"sha256\":\"" + sha + "\""), written.canonical());
        List<Path> packages;
        try (var files = Files.walk(home.resolve("exports"))) {
            packages = files.filter(Files::isRegularFile).toList();
        }
        assertEquals(1, packages.size());
        assertEquals(sha, ExportProductionTestAccess.sha256(packages.getFirst()));
        // The recipient's check accepts the package with the passphrase shown, under this terminal's key,
        // and refuses it with one byte of it changed.
        var verified = new mamori.export.ExportVerifier().verify(packages.getFirst(), passphrase,
                Optional.of(mamori.auditPublicKey()));
        assertEquals("demo-operator", verified.manifest().requester().id());
        assertEquals("demo-supervisor", verified.manifest().approver().id());
        assertEquals("窃盗事件の捜査協力", verified.manifest().purpose());
        Path changed = home.resolve("changed.zip");
        byte[] bytes = Files.readAllBytes(packages.getFirst());
        bytes[bytes.length / 2] ^= 0x01;
        Files.write(changed, bytes);
        assertThrows(mamori.export.ExportRejectedException.class,
                () -> new mamori.export.ExportVerifier().verify(changed, passphrase, Optional.empty()));
        assertFalse(robot.lookup("#export-production-copy").query().isVisible(), "no way on while the passphrase is on screen");

        robot.clickOn("#export-production-noted");
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(robot.lookup("#export-production-passphrase-box").query().isVisible());
        assertEquals("", text("#export-production-passphrase"));
        Screenshots.save(stage.getScene(), "export-production-noted");
        robot.clickOn("#export-production-copy");
        waitFor("#exportcopy-screen");
        assertTrue(text("#exportcopy-hash").contains(sha), text("#exportcopy-hash"));
        Screenshots.save(stage.getScene(), "export-copy-after-production");
    }

    @Test
    void aRequestWaitsInTheSupervisorsApprovalsListAndTheirFingerIsAskedAgain() throws Exception {
        operatorRequestsFromThePlayer();
        robot.clickOn("#export-request-back");
        waitFor("#home-logout");
        robot.clickOn("#home-logout");
        waitFor("#login-screen");

        robot.clickOn(SUPERVISOR_FINGER);
        waitForText("#home-export-approvals", shown -> shown.equals("書き出しの承認（1 件）"));
        Screenshots.save(stage.getScene(), "export-home-supervisor");
        // The check of packages brought back opens from the same home screen (no medium is plugged in here).
        robot.clickOn("#home-export-check");
        waitFor("#exportcheck-screen");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#exportcheck-packages").queryAs(javafx.scene.control.ListView.class)
                .getItems().isEmpty() && !robot.lookup("#exportcheck-refresh").query().isDisabled());
        robot.clickOn("#exportcheck-back");
        waitFor("#home-export-approvals");
        robot.clickOn("#home-export-approvals");
        waitFor("#export-approvals-row-0");
        Screenshots.save(stage.getScene(), "export-approvals");
        robot.clickOn("#export-approvals-row-0");
        waitFor("#export-approval-screen");
        robot.clickOn("#export-approval-deny");
        waitForText("#export-approval-status", status -> status.equals("却下の理由をコメントに入力してください。"));
        robot.clickOn("#export-approval-comment").write("令状の提示がない");
        robot.clickOn("#export-approval-deny");
        waitForText("#export-approval-status", status -> status.startsWith("却下する監督者は"));
        assertTrue(mamori.auditEntries().byAction(AuditAction.EXPORT_DENIED).isEmpty(), "logged in is not enough: the finger decides");
        robot.clickOn(SUPERVISOR_FINGER);
        waitForText("#export-approval-status", status -> status.equals("佐藤 花子 さんが却下しました。"));

        StoredEntry denied = mamori.auditEntries().byAction(AuditAction.EXPORT_DENIED).getFirst();
        assertEquals("demo-supervisor", denied.personId());
        assertTrue(denied.canonical().contains("\"comment\":\"令状の提示がない\""), denied.canonical());
        assertTrue(mamori.exportRequests().pending().isEmpty());
    }

    @Test
    void aCancelledProductionSaysSoAndLeavesNothing() throws Exception {
        // A slow stand-in producer (15 s of steps): the real one makes the short demo export faster than
        // a click can cancel it; cancelling the real transcoder is tested in ExportTranscoderTest.
        mamori.useExportProducer(new SteppedTestProducer(60, 250));
        operatorRequestsFromThePlayer();
        robot.clickOn("#export-request-approve-now");
        waitFor("#export-approval-screen");
        robot.clickOn("#export-approval-approve");
        waitForText("#export-approval-status", status -> status.startsWith("承認する監督者は"));
        robot.clickOn(SUPERVISOR_FINGER);
        waitFor("#export-production-screen");
        ProgressBar bar = robot.lookup("#export-production-progress").queryAs(ProgressBar.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> bar.getProgress() > 0);
        robot.clickOn("#export-production-cancel");
        waitForText("#export-production-status", shown -> shown.equals("中止しました。何も残っていません。"));
        Screenshots.save(stage.getScene(), "export-production-cancelled");

        assertTrue(mamori.auditEntries().byAction(AuditAction.EXPORT_WRITTEN).isEmpty());
        assertTrue(mamori.auditEntries().byAction(AuditAction.EXPORT_CANCELLED).getFirst().canonical().contains("\"reason\":\"cancelled\""));
        try (var files = Files.walk(home.resolve("exports"))) {
            assertTrue(files.noneMatch(Files::isRegularFile), "nothing left in the staging directory");
        }
        assertFalse(robot.lookup("#export-production-passphrase-box").query().isVisible());
        robot.clickOn("#export-production-home");
        waitFor("#home-screen");
    }

    @Test
    @KioskFlowTest.IdleLockAfter(seconds = 12)
    void anIdleLockDuringProductionHidesThePassphraseAndTheSamePersonsFingerBringsItBack() throws Exception {
        // A stepped producer (stand-in for the real one, which ExportFlowTest's first test runs) takes
        // long enough for the idle lock to fall while it works.
        mamori.useExportProducer(new SteppedTestProducer(100, 250));
        operatorRequestsFromThePlayer();
        robot.clickOn("#export-request-approve-now");
        waitFor("#export-approval-screen");
        robot.clickOn("#export-approval-approve");
        waitForText("#export-approval-status", status -> status.startsWith("承認する監督者は"));
        robot.clickOn(SUPERVISOR_FINGER);
        waitFor("#export-production-screen");

        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> FxLook.present(robot, "#lock-screen"));
        assertFalse(FxLook.present(robot, "#export-production-screen"), "the lock hides the production screen");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> !mamori.auditEntries().byAction(AuditAction.EXPORT_WRITTEN).isEmpty());
        assertFalse(FxLook.present(robot, "#export-production-passphrase"), "the passphrase is not shown on the lock screen");
        Screenshots.save(stage.getScene(), "export-production-locked");

        robot.clickOn("#demo-finger-6");
        waitFor("#export-production-screen");
        waitForText("#export-production-passphrase", shown -> shown.equals(SteppedTestProducer.PASSPHRASE));
        assertTrue(robot.lookup("#export-production-passphrase-box").query().isVisible());
        Screenshots.save(stage.getScene(), "export-production-after-unlock");
        robot.clickOn("#export-production-noted");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("", text("#export-production-passphrase"));
    }
}
