package mamori.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.image.ImageView;
import javafx.stage.Stage;
import mamori.app.KioskWindow;
import mamori.app.Mamori;
import mamori.app.MamoriConfig;
import mamori.audit.AuditAction;
import mamori.audit.AuditEvent;
import mamori.audit.RecordingRange;
import mamori.identity.Person;
import mamori.identity.Role;
import mamori.identity.Session;
import mamori.policy.Grant;
import mamori.policy.Permission;
import mamori.report.CupsPdfQueue;
import mamori.ui.report.ReportViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/// The report screen in the real kiosk window (real composition root, demo data, the emulated
/// R30x reader on a pty): an auditor logs in with a finger, filters, generates the signed report,
/// turns its pages, saves it and prints it on a real CUPS queue (cups-pdf) whose output is read back.
@Tag("ui")
class ReportScreenTest {

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

    private String text(String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    /// Three viewings by the operator and one by the supervisor, as the player records them.
    private void someoneWatched() throws Exception {
        Instant footage = Instant.parse("2026-11-20T01:00:00Z");
        for (int i = 0; i < 4; i++) {
            String person = i < 3 ? "demo-operator" : "demo-supervisor";
            String camera = i < 3 ? "demo-cam-1" : "demo-cam-3";
            mamori.auditLog().append(AuditEvent.of(AuditAction.PLAY).person(person).session("s-" + i).camera(camera)
                    .range(new RecordingRange(footage, footage)).detail("purpose", "転倒の確認"));
            mamori.auditLog().append(AuditEvent.of(AuditAction.STOP).person(person).session("s-" + i).camera(camera)
                    .range(new RecordingRange(footage, footage.plusSeconds(60 + i))).detail("watchedSeconds", 60 + i));
        }
    }

    private void openReportsAsAuditor() throws Exception {
        robot.clickOn("#demo-finger-7");
        waitFor("#home-report");
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> robot.lookup("#home-report").query().isVisible());
        robot.clickOn("#home-report");
        waitFor("#report-screen");
    }

    private void generate() throws Exception {
        robot.clickOn("#report-generate");
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> text("#report-page-label").startsWith("1 / "));
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void anAuditorFiltersGeneratesTurnsThePagesSavesAndPrintsAReport() throws Exception {
        try (CupsPdfQueue queue = CupsPdfQueue.create()) {
            someoneWatched();
            openReportsAsAuditor();
            assertEquals("閲覧報告書", text("#report-title"));
            assertTrue(robot.lookup("#report-preview-empty").query().isVisible());
            Screenshots.save(stage.getScene(), "report-empty");

            robot.clickOn("#report-person-demo-operator");
            robot.clickOn("#report-kind-VIEWING");
            generate();

            String summary = text("#report-summary");
            assertTrue(summary.contains("閲覧 3 件"), "only the operator's viewings: " + summary);
            String number = summary.substring("報告書 ".length(), summary.indexOf(':'));
            int pages = Integer.parseInt(text("#report-page-label").replaceAll("^1 / (\\d+) ページ$", "$1"));
            assertTrue(pages >= 2, "pages: " + pages);
            assertTrue(text("#report-status").startsWith("報告書 " + number + " を作成しました"), text("#report-status"));
            assertTrue(robot.lookup("#report-page-image").queryAs(ImageView.class).getImage().getWidth() > 700, "A4 page drawn at 96 dpi");
            Screenshots.save(stage.getScene(), "report-preview");

            robot.clickOn("#report-next-page");
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> text("#report-page-label").equals("2 / " + pages + " ページ"));
            Screenshots.save(stage.getScene(), "report-preview-page-2");

            robot.clickOn("#report-tab-viewings .tab-label");
            @SuppressWarnings("unchecked")
            var table = (TableView<ReportViewModel.ViewingLine>) robot.lookup("#report-viewings").query();
            assertEquals(3, table.getItems().size());
            assertTrue(table.getItems().stream().allMatch(line -> line.person().equals("鈴木 一郎") && line.camera().equals("CAM-01 正面玄関")),
                    table.getItems().toString());
            Screenshots.save(stage.getScene(), "report-viewings");

            robot.clickOn("#report-save");
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> text("#report-saved-path").startsWith("保存しました: "));
            Path saved = home.resolve("reports").resolve(number + ".pdf");
            assertEquals("保存しました: " + saved.toAbsolutePath(), text("#report-saved-path"));
            assertTrue(Files.size(saved) > 10_000);

            @SuppressWarnings("unchecked")
            ComboBox<String> printers = robot.lookup("#report-printer").queryAs(ComboBox.class);
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> printers.getItems().contains(queue.name()));
            robot.interact(() -> printers.setValue(queue.name()));
            Instant sent = Instant.now();
            robot.clickOn("#report-print");
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> text("#report-print-result").contains("部送りました"));
            assertTrue(text("#report-print-result").startsWith("報告書 " + number + " を " + queue.name() + " に 1 部送りました"),
                    text("#report-print-result"));
            Screenshots.save(stage.getScene(), "report-printed");

            Path out = queue.awaitOutput("Mamori report " + number, sent, Duration.ofSeconds(60));
            assertEquals(pages, CupsPdfQueue.pages(out), "pages that came out of the queue");
            assertTrue(CupsPdfQueue.text(out).contains(number), "report number on the printed pages");
            Files.deleteIfExists(out);

            var printed = mamori.auditEntries().byAction(AuditAction.REPORT_PRINTED);
            assertEquals(1, printed.size());
            assertEquals("demo-auditor", printed.getFirst().personId());
            assertTrue(printed.getFirst().canonical().contains("\"report\":\"" + number + "\""), printed.getFirst().canonical());
            var generatedEntries = mamori.auditEntries().byAction(AuditAction.REPORT_GENERATED);
            assertEquals(1, generatedEntries.size());
            assertTrue(generatedEntries.getFirst().canonical().contains("\"generatedBy\":\"高橋 美咲\""), generatedEntries.getFirst().canonical());

            robot.clickOn("#report-back");
            waitFor("#home-screen");
        }
    }

    @Test
    void whenThePrintingCannotBeRecordedNothingIsPrintedAndTheScreenSaysWhy() throws Exception {
        try (CupsPdfQueue queue = CupsPdfQueue.create()) {
            openReportsAsAuditor();
            generate();
            @SuppressWarnings("unchecked")
            ComboBox<String> printers = robot.lookup("#report-printer").queryAs(ComboBox.class);
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> printers.getItems().contains(queue.name()));
            robot.interact(() -> printers.setValue(queue.name()));
            String before = queue.jobs("all");
            mamori.auditLog().close();

            robot.clickOn("#report-print");
            WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> text("#report-print-result").startsWith("印刷を監査ログに記録できないため"));
            Screenshots.save(stage.getScene(), "report-print-unrecorded");
            Thread.sleep(1_000);
            assertEquals(before, queue.jobs("all"), "no job reached the queue");
        }
    }

    /// The administrator gives the auditors the entrance camera (recorded like any grant).
    private void auditorsMayViewTheEntrance() throws Exception {
        var admin = new Person("demo-admin", "山田 太郎", java.util.Set.of(Role.ADMINISTRATOR), true);
        mamori.cameraAdministration().grant(new Session("admin-session", admin, mamori.terminal(), Instant.now()),
                Grant.toRole(Role.AUDITOR, Optional.of("demo-cam-1"), Permission.VIEW_RECORDINGS));
    }

    @Test
    void anAuditorWithTheRightReplaysExactlyTheWatchedSpanOfAViewingLineAndTheReplayIsRecorded() throws Exception {
        var span = mamori.recordings().span("demo-cam-1").orElseThrow();
        Instant from = span.start().plusSeconds(2);
        Instant to = span.start().plusSeconds(6);
        mamori.auditLog().append(AuditEvent.of(AuditAction.PLAY).person("demo-operator").session("s-cam1").camera("demo-cam-1")
                .range(new RecordingRange(from, from)).detail("purpose", "転倒の確認"));
        mamori.auditLog().append(AuditEvent.of(AuditAction.STOP).person("demo-operator").session("s-cam1").camera("demo-cam-1")
                .range(new RecordingRange(from, to)).detail("watchedSeconds", 4));
        mamori.auditLog().append(AuditEvent.of(AuditAction.PLAY).person("demo-supervisor").session("s-cam3").camera("demo-cam-3")
                .range(new RecordingRange(from, from)).detail("purpose", "見守り"));
        mamori.auditLog().append(AuditEvent.of(AuditAction.STOP).person("demo-supervisor").session("s-cam3").camera("demo-cam-3")
                .range(new RecordingRange(from, to)).detail("watchedSeconds", 4));
        auditorsMayViewTheEntrance();
        openReportsAsAuditor();
        robot.clickOn("#report-kind-VIEWING");
        generate();
        String summary = text("#report-summary");
        String number = summary.substring("報告書 ".length(), summary.indexOf(':'));
        robot.clickOn("#report-tab-viewings .tab-label");
        @SuppressWarnings("unchecked")
        var table = (TableView<ReportViewModel.ViewingLine>) robot.lookup("#report-viewings").query();
        assertEquals(2, table.getItems().size());

        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(line -> line.cameraId().equals("demo-cam-3")).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("#report-replay-hint").contains("権限がない"));
        assertTrue(robot.lookup("#report-replay").query().isDisabled(), "no right on the dining-room camera");
        Screenshots.save(stage.getScene(), "report-drill-down-refused");

        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(line -> line.cameraId().equals("demo-cam-1")).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !robot.lookup("#report-replay").query().isDisabled());
        robot.clickOn("#report-replay");
        waitFor("#player-screen");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> mamori.auditEntries().byAction(AuditAction.PLAY).stream()
                .anyMatch(entry -> "demo-auditor".equals(entry.personId())));
        var replayed = mamori.auditEntries().byAction(AuditAction.PLAY).stream().filter(entry -> "demo-auditor".equals(entry.personId()))
                .toList();
        assertEquals(1, replayed.size());
        String canonical = replayed.getFirst().canonical();
        assertTrue(canonical.contains("\"purpose\":\"audit drill-down: report " + number + "\""), canonical);
        assertEquals("demo-cam-1", replayed.getFirst().cameraId());
        assertTrue(canonical.contains("\"from\":\"" + from + "\""), "starts where the viewing started: " + canonical);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> mamori.auditEntries().byAction(AuditAction.PAUSE).stream()
                .anyMatch(entry -> "demo-auditor".equals(entry.personId())));
        Screenshots.save(stage.getScene(), "report-drill-down-player");

        robot.clickOn("#player-back");
        waitFor("#report-screen");
        assertEquals(summary, text("#report-summary"), "back on the same report");
    }

    @Test
    void anAuditorReplaysTheFootageOfAnAuditEntryAndTheReplayNamesTheEntry() throws Exception {
        var span = mamori.recordings().span("demo-cam-1").orElseThrow();
        Instant from = span.start().plusSeconds(3);
        Instant to = span.start().plusSeconds(7);
        var stopCam1 = mamori.auditLog().append(AuditEvent.of(AuditAction.STOP).person("demo-operator").session("s-cam1")
                .camera("demo-cam-1").range(new RecordingRange(from, to)).detail("watchedSeconds", 4));
        var stopCam3 = mamori.auditLog().append(AuditEvent.of(AuditAction.STOP).person("demo-supervisor").session("s-cam3")
                .camera("demo-cam-3").range(new RecordingRange(from, to)).detail("watchedSeconds", 4));
        auditorsMayViewTheEntrance();
        robot.clickOn("#demo-finger-7");
        waitFor("#home-audit");
        robot.clickOn("#home-audit");
        waitFor("#audit-table");
        @SuppressWarnings("unchecked")
        var table = (TableView<mamori.ui.audit.AuditViewModel.Row>) robot.lookup("#audit-table").query();
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> table.getItems().stream().anyMatch(row -> row.seq() == stopCam1.seq()));

        var login = table.getItems().stream().filter(row -> row.cameraId().isEmpty()).findFirst().orElseThrow();
        robot.interact(() -> table.getSelectionModel().select(login));
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#audit-replay").query().isDisabled(), "an entry without a camera has nothing to replay");

        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(row -> row.seq() == stopCam3.seq()).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> text("#audit-replay-hint").contains("権限がない"));
        assertTrue(robot.lookup("#audit-replay").query().isDisabled(), "no right on the dining-room camera");

        robot.interact(() -> table.getSelectionModel().select(table.getItems().stream()
                .filter(row -> row.seq() == stopCam1.seq()).findFirst().orElseThrow()));
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, () -> !robot.lookup("#audit-replay").query().isDisabled());
        Screenshots.save(stage.getScene(), "audit-drill-down");
        robot.clickOn("#audit-replay");
        waitFor("#player-screen");
        WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> mamori.auditEntries().byAction(AuditAction.PLAY).stream()
                .anyMatch(entry -> "demo-auditor".equals(entry.personId())));
        var replayed = mamori.auditEntries().byAction(AuditAction.PLAY).stream().filter(entry -> "demo-auditor".equals(entry.personId()))
                .toList();
        assertEquals(1, replayed.size());
        String canonical = replayed.getFirst().canonical();
        assertTrue(canonical.contains("\"purpose\":\"audit drill-down: entry " + stopCam1.seq() + "\""), canonical);
        assertEquals("demo-cam-1", replayed.getFirst().cameraId());
        assertTrue(canonical.contains("\"from\":\"" + from + "\""), "starts where the entry's span starts: " + canonical);

        robot.clickOn("#player-back");
        waitFor("#audit-screen");
    }

    @Test
    void anOperatorIsNotOfferedReports() throws Exception {
        robot.clickOn("#demo-finger-5");
        waitFor("#camera-CAM-01");
        assertFalse(robot.lookup("#home-report").query().isVisible());
    }
}
