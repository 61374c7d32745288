package mamori.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import mamori.app.KioskWindow;
import mamori.app.Mamori;
import mamori.app.MamoriConfig;
import mamori.app.ReaderSetting;
import mamori.audit.AuditAction;
import mamori.identity.LoginLimits;
import mamori.identity.Person;
import mamori.identity.Role;
import mamori.identity.Session;
import mamori.store.DataDirectory;
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

/// The PIN second factor in the real kiosk (decision 0029), fingers placed on the demo's emulated
/// R30x reader as in [KioskFlowTest]: an administrator requires a PIN for operators, the operator
/// sets one after the finger and then needs it; wrong PINs are refused on screen and five of them
/// lock the terminal out; a person allowed a PIN instead of a finger logs in without one.
@Tag("ui")
class PinFlowTest {


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
    void startKiosk(TestInfo test) throws Exception {
        // The lock-screen test locks after 4 idle seconds instead of five minutes.
        LoginLimits limits = test.getTestMethod().filter(method -> method.getName().equals("theLockScreenAsksThePinAgain"))
                .map(method -> LoginLimits.DEFAULTS.withIdleLock(Duration.ofSeconds(4))).orElse(LoginLimits.DEFAULTS);
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
        try {
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> FxLook.present(robot, query));
        } catch (java.util.concurrent.TimeoutException e) {
            java.util.List<String> actions = new java.util.ArrayList<>();
            mamori.auditEntries().scan(entry -> actions.add(String.valueOf(entry.action())));
            String screen = FxLook.onFxThread(() -> stage.getScene().getRoot().lookupAll(".screen").stream().map(javafx.scene.Node::getId)
                    .toList().toString());
            throw new AssertionError(query + " not shown; screens " + screen + ", log " + actions.subList(Math.max(0, actions.size() - 8),
                    actions.size()), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String text(String query) {
        return FxLook.onFxThread(() -> robot.lookup(query).queryAs(Label.class).getText());
    }

    private int entries(AuditAction action) throws Exception {
        return mamori.auditEntries().byAction(action).size();
    }

    private void tapPin(String pin) {
        for (char digit : pin.toCharArray()) {
            robot.clickOn("#pin-digit-" + digit);
        }
        robot.clickOn("#pin-ok");
    }

    private void typePin(String pin) {
        for (char digit : pin.toCharArray()) {
            robot.type(KeyCode.valueOf("DIGIT" + digit));
        }
        robot.type(KeyCode.ENTER);
    }

    @Test
    void anAdministratorRequiresAPinForOperatorsWhoSetItAndThenNeedIt() throws Exception {
        robot.clickOn("#demo-finger-1");
        waitFor("#home-pin-admin");
        robot.clickOn("#home-pin-admin");
        waitFor("#pin-role-OPERATOR");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxLook.onFxThread(() -> !robot.lookup("#pin-people-table")
                .queryAs(javafx.scene.control.TableView.class).getItems().isEmpty()));
        robot.clickOn("#pin-role-OPERATOR");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("#pin-admin-message").startsWith("オペレーター: 指紋の後の PIN を「必要」"));
        assertTrue(mamori.auditEntries().byAction(AuditAction.CONFIGURATION_CHANGE).getLast().canonical()
                .contains("\"setting\":\"pin required for role\""));
        Screenshots.save(stage.getScene(), "pin-admin");
        robot.clickOn("#pin-admin-back");
        waitFor("#home-logout");
        robot.clickOn("#home-logout");
        waitFor("#login-screen");

        robot.clickOn("#demo-finger-5");
        waitFor("#pin-set-screen");
        assertEquals("あなたの役割では、指紋の後に PIN が必要です。続ける前に PIN を設定してください。", text("#pin-set-explanation"));
        tapPin("1234");
        WaitForAsyncUtils.waitFor(5, TimeUnit.SECONDS, () -> text("#pin-status").equals("1234 や 9876 のような連番は使えません。"));
        tapPin("4821");
        assertEquals("確認のため、同じ PIN をもう一度入力してください。", text("#pin-set-step"));
        assertEquals("", text("#pin-dots"));
        Screenshots.save(stage.getScene(), "pin-set");
        typePin("4821");
        waitFor("#home-screen");
        assertEquals("鈴木 一郎", text("#status-person"));
        robot.clickOn("#home-logout");
        waitFor("#login-screen");

        int logins = entries(AuditAction.LOGIN);
        robot.clickOn("#demo-finger-6");
        waitFor("#pin-login-screen");
        assertEquals("鈴木 一郎 さん、PIN を入力してください。", text("#pin-status"));
        assertTrue(text("#pin-time-left").startsWith("残り "), text("#pin-time-left"));
        assertEquals(logins, entries(AuditAction.LOGIN), "no LOGIN before the PIN");
        assertTrue(mamori.loginService().currentSession().isEmpty(), "no session before the PIN");
        robot.clickOn("#pin-digit-4");
        robot.clickOn("#pin-digit-8");
        assertEquals("●●", text("#pin-dots"));
        robot.clickOn("#pin-erase");
        robot.clickOn("#pin-erase");
        typePin("4812");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("#pin-status").equals("PIN が違います。もう一度入力してください。"));
        assertTrue(FxLook.onFxThread(() -> robot.lookup("#pin-status").query().getStyleClass().contains("error")));
        assertTrue(mamori.auditEntries().byAction(AuditAction.LOGIN_FAILED).getLast().canonical().contains("WRONG_PIN"));
        Screenshots.save(stage.getScene(), "pin-pad-wrong");
        tapPin("4821");
        waitFor("#home-screen");
        assertEquals("鈴木 一郎", text("#status-person"));
        assertEquals(logins + 1, entries(AuditAction.LOGIN));
        assertTrue(mamori.auditEntries().byAction(AuditAction.LOGIN).getLast().canonical().contains("\"second_factor\":\"pin\""));
    }

    @Test
    void fiveWrongPinsLockTheTerminalOut() throws Exception {
        Session admin = setUpSession("demo-admin", "山田 太郎", Role.ADMINISTRATOR);
        mamori.pinAdministration().requireForRole(admin, Role.OPERATOR, true);
        mamori.pinCheck().setOwnPin(setUpSession("demo-operator", "鈴木 一郎", Role.OPERATOR), "4821".toCharArray(), "4821".toCharArray());

        robot.clickOn("#demo-finger-5");
        waitFor("#pin-login-screen");
        Screenshots.save(stage.getScene(), "pin-pad");
        for (int i = 1; i <= 4; i++) {
            typePin("5093");
            // The pad takes digits again once the answer is shown (it ignores keys while it checks).
            WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("#pin-status").equals("PIN が違います。もう一度入力してください。"));
            assertEquals(i, entries(AuditAction.LOGIN_FAILED));
        }
        typePin("5093");
        waitFor("#login-screen");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("#login-status").startsWith("認証の失敗が続いたため、この端末はロック中です"));
        assertEquals(1, entries(AuditAction.TERMINAL_LOCKED_OUT));
        assertTrue(mamori.loginService().currentSession().isEmpty());
    }

    @Test
    void theLockScreenAsksThePinAgain() throws Exception {
        mamori.pinAdministration().requireForRole(setUpSession("demo-admin", "山田 太郎", Role.ADMINISTRATOR), Role.OPERATOR, true);
        mamori.pinCheck().setOwnPin(setUpSession("demo-operator", "鈴木 一郎", Role.OPERATOR), "4821".toCharArray(), "4821".toCharArray());
        robot.clickOn("#demo-finger-5");
        waitFor("#pin-login-screen");
        tapPin("4821");
        waitFor("#home-screen");
        waitFor("#lock-screen");

        robot.clickOn("#demo-finger-6");
        waitFor("#pin-login-screen");
        assertEquals("鈴木 一郎 さん、ロックを解除するには PIN を入力してください。", text("#pin-status"));
        assertTrue(mamori.loginService().isLocked(), "still locked before the PIN");
        assertEquals(0, entries(AuditAction.UNLOCK));
        tapPin("4821");
        waitFor("#home-screen");
        assertEquals(1, entries(AuditAction.UNLOCK));
        assertEquals(1, entries(AuditAction.LOGIN), "the same session goes on");
    }

    @Test
    void aPersonAllowedAPinInsteadOfAFingerLogsInWithoutOne() throws Exception {
        mamori.pinAdministration().allowPinAlone(setUpSession("demo-admin", "山田 太郎", Role.ADMINISTRATOR), "demo-operator", "fingerprints cannot be read",
                "5093".toCharArray(), "5093".toCharArray());
        robot.clickOn("#login-pin-alone");
        waitFor("#pin-person-id");
        robot.clickOn("#pin-person-id").write("demo-operator");
        tapPin("5094");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("#pin-status").equals("個人 ID または PIN が違います。"));
        Screenshots.save(stage.getScene(), "pin-alone");
        tapPin("5093");
        waitFor("#home-screen");
        assertEquals("鈴木 一郎", text("#status-person"));
        assertTrue(mamori.auditEntries().byAction(AuditAction.LOGIN).getLast().canonical().contains("\"method\":\"PIN alone\""));
        robot.clickOn("#home-logout");
        waitFor("#login-screen");

        robot.clickOn("#login-pin-alone");
        waitFor("#pin-person-id");
        robot.clickOn("#pin-person-id").write("demo-supervisor");
        tapPin("5093");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("#pin-status").equals("個人 ID または PIN が違います。"));
        assertTrue(mamori.loginService().currentSession().isEmpty(), "nobody else logs in with a PIN alone");
        robot.clickOn("#pin-back");
        waitFor("#login-screen");
    }

    /// A session of a demo person, for set-ups done through the services rather than the screens.
    private Session setUpSession(String personId, String name, Role role) {
        return new Session("set-up-" + personId, new Person(personId, name, Set.of(role), true), mamori.terminal(),
                Clock.systemUTC().instant());
    }
}
