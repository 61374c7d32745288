package mamori.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import mamori.app.KioskWindow;
import mamori.app.Mamori;
import mamori.app.MamoriConfig;
import mamori.audit.AuditAction;
import mamori.ui.people.PeopleViewModel;
import mamori.ui.terminals.TerminalsViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/// People, roles and terminals administered on screen in a real 1366x768 window with the demo's
/// emulated reader: the administrator adds a person with two roles, changes a role, deactivates and
/// reactivates them; the operator's finger is refused at login while they are inactive; the last
/// administrator keeps the role; the terminals screen lists this PC; and nothing changes when the
/// audit log refuses.
@Tag("ui")
class PeopleAdministrationFlowTest {

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
            throw new AssertionError(query + " shows: " + FxLook.onFxThread(() -> text(query)), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String text(String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    @SuppressWarnings("unchecked")
    private TableView<PeopleViewModel.Row> peopleTable() {
        return robot.lookup("#people-table").queryAs(TableView.class);
    }

    private Optional<PeopleViewModel.Row> personRow(Predicate<PeopleViewModel.Row> which) {
        return FxLook.onFxThread(() -> peopleTable().getItems().stream().filter(which).findFirst());
    }

    private void choosePerson(String personId) {
        robot.interact(() -> peopleTable().getSelectionModel().select(
                peopleTable().getItems().stream().filter(row -> row.personId().equals(personId)).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void waitForRow(String personId, Predicate<PeopleViewModel.Row> shows) throws Exception {
        try {
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS,
                    () -> personRow(row -> row.personId().equals(personId)).filter(shows).isPresent());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(personId + " shows: " + personRow(row -> row.personId().equals(personId)), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void setRoleBox(String id, boolean selected) {
        robot.interact(() -> robot.lookup(id).queryAs(CheckBox.class).setSelected(selected));
    }

    private void administratorOpensPeople() throws Exception {
        robot.clickOn("#demo-finger-1");
        waitFor("#home-people");
        robot.clickOn("#home-people");
        waitFor("#people-table");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxLook.onFxThread(() -> !peopleTable().getItems().isEmpty()));
        WaitForAsyncUtils.waitForFxEvents();
    }

    private void logOutFromPeople() throws Exception {
        robot.clickOn("#people-back");
        waitFor("#home-logout");
        robot.clickOn("#home-logout");
        waitFor("#login-status");
    }

    @Test
    void anAdministratorAddsAPersonChangesARoleDeactivatesAndReactivatesThemAndAnInactiveFingerIsRefused() throws Exception {
        administratorOpensPeople();
        robot.interact(() -> robot.lookup("#people-new-name").queryAs(TextField.class).setText("伊藤 さくら"));
        setRoleBox("#people-new-role-OPERATOR", true);
        setRoleBox("#people-new-role-AUDITOR", true);
        robot.clickOn("#people-add");
        waitForText("#people-message", message -> message.contains("追加しました"));
        assertEquals("伊藤 さくら さんを追加しました。監査ログに記録しました。指を登録してください。", text("#people-message"));
        String added = personRow(row -> row.name().equals("伊藤 さくら")).orElseThrow().personId();
        waitForRow(added, row -> row.roles().equals("オペレーター、監査担当") && row.active().equals("有効") && row.fingers().equals("なし"));
        waitForText("#people-selected", title -> title.equals("伊藤 さくら さんの指紋"));
        assertTrue(FxLook.onFxThread(() -> robot.lookup("#people-role-AUDITOR").queryAs(CheckBox.class).isSelected()
                && !robot.lookup("#people-role-SUPERVISOR").queryAs(CheckBox.class).isSelected()));
        assertEquals("", FxLook.onFxThread(() -> robot.lookup("#people-new-name").queryAs(TextField.class).getText()), "form emptied");
        Screenshots.save(stage.getScene(), "people-added");

        // The auditor role becomes supervisor.
        setRoleBox("#people-role-AUDITOR", false);
        setRoleBox("#people-role-SUPERVISOR", true);
        robot.clickOn("#people-save-roles");
        waitForText("#people-message", message -> message.equals("伊藤 さくら さんの役割を変更しました。監査ログに記録しました。"));
        waitForRow(added, row -> row.roles().equals("オペレーター、監督者"));

        assertEquals("無効にする", FxLook.onFxThread(() -> robot.lookup("#people-toggle-active").queryAs(Button.class).getText()));
        robot.clickOn("#people-toggle-active");
        waitForText("#people-message", message -> message.equals("伊藤 さくら さんを無効にしました。監査ログに記録しました。"));
        waitForRow(added, row -> row.active().equals("無効"));
        assertEquals("有効にする", FxLook.onFxThread(() -> robot.lookup("#people-toggle-active").queryAs(Button.class).getText()));
        robot.clickOn("#people-toggle-active");
        waitForText("#people-message", message -> message.equals("伊藤 さくら さんを有効にしました。監査ログに記録しました。"));
        waitForRow(added, row -> row.active().equals("有効"));

        var changes = mamori.auditEntries().byAction(AuditAction.CONFIGURATION_CHANGE).stream().map(entry -> entry.canonical()).toList();
        assertEquals(4, changes.size(), String.join("\n", changes));
        assertTrue(changes.get(1).contains("\"OPERATOR\",\"AUDITOR\"") || changes.get(1).contains("\"AUDITOR\",\"OPERATOR\""), changes.get(1));
        assertTrue(changes.get(1).contains("\"SUPERVISOR\""), changes.get(1));
        assertTrue(changes.get(2).contains("\"active\":false") && changes.get(2).contains("\"active\":true"), changes.get(2));

        // The last administrator keeps the role and stays active; the screen says why.
        choosePerson("demo-admin");
        setRoleBox("#people-role-ADMINISTRATOR", false);
        setRoleBox("#people-role-SUPERVISOR", true);
        robot.clickOn("#people-save-roles");
        waitForText("#people-message", message -> message.contains("最後の有効な管理者"));
        robot.clickOn("#people-toggle-active");
        waitForText("#people-message", message -> message.contains("最後の有効な管理者"));
        waitForRow("demo-admin", row -> row.roles().equals("管理者") && row.active().equals("有効"));
        assertTrue(FxLook.onFxThread(() -> robot.lookup("#people-role-ADMINISTRATOR").queryAs(CheckBox.class).isSelected()
                && !robot.lookup("#people-role-SUPERVISOR").queryAs(CheckBox.class).isSelected()), "the stored roles are ticked again");
        Screenshots.save(stage.getScene(), "people-last-administrator");

        // The operator is deactivated: their enrolled finger is refused at login, with the reason.
        choosePerson("demo-operator");
        robot.clickOn("#people-toggle-active");
        waitForText("#people-message", message -> message.contains("鈴木 一郎 さんを無効にしました"));
        waitForRow("demo-operator", row -> row.active().equals("無効") && row.fingers().startsWith("2 本"));
        Screenshots.save(stage.getScene(), "people-operator-inactive");
        logOutFromPeople();
        robot.clickOn("#demo-finger-5");
        waitForText("#login-status", status -> status.equals("このアカウントは無効になっています。管理者に連絡してください。"));
        assertTrue(mamori.loginService().currentSession().isEmpty());
        Screenshots.save(stage.getScene(), "login-inactive-person");

        administratorOpensPeople();
        choosePerson("demo-operator");
        robot.clickOn("#people-toggle-active");
        waitForText("#people-message", message -> message.contains("鈴木 一郎 さんを有効にしました"));
        logOutFromPeople();
        robot.clickOn("#demo-finger-5");
        waitForText("#home-greeting", greeting -> greeting.equals("ようこそ、鈴木 一郎 さん"));
        assertEquals(6, mamori.auditEntries().byAction(AuditAction.CONFIGURATION_CHANGE).size());
    }

    @Test
    void theTerminalsScreenListsThisPcAndNothingChangesWhenTheLogRefuses() throws Exception {
        robot.clickOn("#demo-finger-1");
        waitFor("#home-terminals");
        Screenshots.save(stage.getScene(), "home-administrator-tools");
        robot.clickOn("#home-terminals");
        waitFor("#terminals-table");
        @SuppressWarnings("unchecked")
        TableView<TerminalsViewModel.Row> table = robot.lookup("#terminals-table").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxLook.onFxThread(() -> !table.getItems().isEmpty()));
        WaitForAsyncUtils.waitForFxEvents();
        TerminalsViewModel.Row here = FxLook.onFxThread(() -> table.getItems().getFirst());
        assertEquals(mamori.terminal().id(), here.terminalId());
        assertEquals("この PC", here.here());
        assertEquals("山田 太郎", here.by(), "the demo terminal is registered in the demo administrator's name");
        assertEquals(12, here.machine().length());
        assertTrue(mamori.terminalRegistration().machine().fingerprint().startsWith(here.machine()));
        assertEquals("この PC は登録されています。", text("#terminals-registration"));
        assertFalse(FxLook.onFxThread(() -> robot.lookup("#terminals-register").query().isVisible()), "this PC is registered already");

        robot.interact(() -> table.getSelectionModel().select(here));
        robot.interact(() -> robot.lookup("#terminals-name").queryAs(TextField.class).setText("事務室の PC"));
        assertTrue(FxLook.onFxThread(() -> robot.lookup("#terminals-withdraw").queryAs(Button.class).isDisabled()),
                "this PC's own registration is not withdrawn here");
        robot.clickOn("#terminals-rename");
        waitForText("#terminals-message", message -> message.contains("「事務室の PC」に変更しました"));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> FxLook.onFxThread(() -> table.getItems().getFirst().name().equals("事務室の PC")));
        Screenshots.save(stage.getScene(), "terminals-renamed");
        var changes = mamori.auditEntries().byAction(AuditAction.CONFIGURATION_CHANGE);
        assertEquals(1, changes.size());
        assertTrue(changes.getFirst().canonical().contains("\"setting\":\"terminal\""), changes.getFirst().canonical());

        // The log refuses: neither a rename nor a new person happens, and each screen says why.
        mamori.auditLog().close();
        robot.interact(() -> robot.lookup("#terminals-name").queryAs(TextField.class).setText("別の名前"));
        robot.clickOn("#terminals-rename");
        waitForText("#terminals-message", message -> message.startsWith("監査ログに記録できないため、変更しませんでした"));
        Screenshots.save(stage.getScene(), "terminals-log-refused");
        assertEquals(List.of("事務室の PC"), mamori.terminalAdministration().terminals().stream().map(each -> each.name()).toList());

        robot.clickOn("#terminals-back");
        waitFor("#home-people");
        robot.clickOn("#home-people");
        waitFor("#people-table");
        robot.interact(() -> robot.lookup("#people-new-name").queryAs(TextField.class).setText("記録されない人"));
        setRoleBox("#people-new-role-OPERATOR", true);
        robot.clickOn("#people-add");
        waitForText("#people-message", message -> message.startsWith("監査ログに記録できないため、変更しませんでした"));
        Screenshots.save(stage.getScene(), "people-log-refused");
        assertFalse(mamori.personNames().containsValue("記録されない人"));
        assertEquals(4, mamori.personNames().size());
    }
}
