package mamori.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import mamori.app.KioskWindow;
import mamori.app.Mamori;
import mamori.app.MamoriConfig;
import mamori.audit.AuditAction;
import mamori.enrolment.Finger;
import mamori.fingerprint.r30x.R30xConfirmationCode;
import mamori.ui.people.PeopleViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/// Enrolment through the people screen in a real window, with the demo's reader: the R30x emulator
/// (datasheet timings) on a socat pty pair, read by the R30x driver. The administrator logs in,
/// enrols a new finger for the operator by placing it on the demo panel (one capture is a poor
/// image and is taken again), logs out, and the operator logs in with the new finger.
@Tag("ui")
class EnrolmentFlowTest {

    private static final Locale JAPANESE = Locale.JAPANESE;

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

    private void waitFor(String query) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> FxLook.present(robot, query));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void waitForText(String query, Predicate<String> shows) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS,
                    () -> FxLook.onFxThread(() -> FxLook.present(robot, query) && shows.test(text(query))));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(query + " shows: " + text(query), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String text(String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    @SuppressWarnings("unchecked")
    private void openPeopleAndChoose(String personId) throws Exception {
        robot.clickOn("#demo-finger-1");
        waitFor("#home-people");
        robot.clickOn("#home-people");
        waitFor("#people-table");
        TableView<PeopleViewModel.Row> table = robot.lookup("#people-table").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !table.getItems().isEmpty());
        robot.interact(() -> table.getSelectionModel().select(
                table.getItems().stream().filter(row -> row.personId().equals(personId)).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @SuppressWarnings("unchecked")
    private void chooseFinger(Finger finger) {
        ComboBox<PeopleViewModel.Choice<Finger>> choice = robot.lookup("#people-finger-choice").queryAs(ComboBox.class);
        robot.interact(() -> choice.getSelectionModel().select(
                choice.getItems().stream().filter(item -> item.value() == finger).findFirst().orElseThrow()));
    }

    @Test
    void anAdministratorEnrolsANewFingerForTheOperatorWhoThenLogsInWithIt() throws Exception {
        openPeopleAndChoose("demo-operator");
        assertEquals("鈴木 一郎 さんの指紋", text("#people-selected"));
        assertTrue(FxLook.present(robot, "#people-finger-5") && FxLook.present(robot, "#people-finger-6"));
        Screenshots.save(stage.getScene(), "people-operator-chosen");

        // The second capture is a poor image (Img2Tz answers 06): the screen says so and asks again.
        mamori.emulatedModule().orElseThrow().emulator().failCapture(2, R30xConfirmationCode.IMAGE_TOO_MESSY);
        chooseFinger(Finger.RIGHT_THUMB);
        robot.clickOn("#people-enrol");
        waitForText("#people-prompt", prompt -> prompt.contains("1/2"));
        robot.clickOn("#demo-finger-new");
        waitForText("#people-prompt", prompt -> prompt.contains("2/2"));
        robot.clickOn("#demo-finger-new");
        waitForText("#people-prompt", prompt -> prompt.contains("画像が不鮮明です") && prompt.contains("もう一度指を置いてください"));
        Screenshots.save(stage.getScene(), "enrolment-poor-image");
        robot.clickOn("#demo-finger-new");
        waitForText("#people-message", message -> message.contains("登録しました"));
        assertEquals("鈴木 一郎 さんの右手親指を登録しました（テンプレート 0）。監査ログに記録しました。", text("#people-message"));
        waitFor("#people-finger-0");
        assertEquals("右手親指", text("#people-finger-0"));
        Screenshots.save(stage.getScene(), "enrolment-done");

        var changes = mamori.auditEntries().byAction(AuditAction.CONFIGURATION_CHANGE);
        assertEquals(1, changes.size());
        String entry = changes.getFirst().canonical();
        assertTrue(entry.contains("\"setting\":\"finger enrolment\"") && entry.contains("\"finger\":\"RIGHT_THUMB\"")
                && entry.contains("\"person\":\"demo-operator\"") && entry.contains("\"template\":0"), entry);
        assertEquals("demo-admin", changes.getFirst().personId());

        robot.clickOn("#people-back");
        waitFor("#home-logout");
        robot.clickOn("#home-logout");
        waitFor("#demo-finger-0");
        Screenshots.save(stage.getScene(), "login-with-enrolled-finger");
        robot.clickOn("#demo-finger-0");
        waitForText("#home-greeting", greeting -> greeting.equals("ようこそ、鈴木 一郎 さん"));
        assertEquals("demo-operator", mamori.loginService().currentSession().orElseThrow().person().id());
    }

    @Test
    void aFingerIsRemovedButNotTheLastFingerOfTheLastAdministrator() throws Exception {
        openPeopleAndChoose("demo-operator");
        robot.clickOn("#people-remove-6");
        waitForText("#people-message", message -> message.contains("削除しました"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#people-finger-6").tryQuery().isEmpty());
        waitForText("#people-warning", warning -> warning.contains("2"));
        assertFalse(mamori.emulatedModule().orElseThrow().emulator().enrolledPages().containsKey(6), "template deleted from the module");

        TableView<?> table = robot.lookup("#people-table").queryAs(TableView.class);
        robot.interact(() -> ((TableView<PeopleViewModel.Row>) table).getSelectionModel().select(((TableView<PeopleViewModel.Row>) table)
                .getItems().stream().filter(row -> row.personId().equals("demo-admin")).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
        robot.clickOn("#people-remove-2");
        waitForText("#people-message", message -> message.contains("削除しました"));
        robot.clickOn("#people-remove-1");
        waitForText("#people-message", message -> message.contains("最後の管理者"));
        assertTrue(FxLook.present(robot, "#people-finger-1"));
        Screenshots.save(stage.getScene(), "people-last-administrator-finger");
        assertEquals(2, mamori.auditEntries().byAction(AuditAction.CONFIGURATION_CHANGE).size());
    }

    @Test
    void operatorsAreNotOfferedThePeopleScreen() throws Exception {
        robot.clickOn("#demo-finger-5");
        waitFor("#home-logout");
        assertFalse(FxLook.present(robot, "#home-people"));
    }
}
