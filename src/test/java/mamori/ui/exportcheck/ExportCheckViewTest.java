package mamori.ui.exportcheck;

import static mamori.export.media.ExportMediaFixture.APPROVER;
import static mamori.export.media.ExportMediaFixture.REQUESTER;
import static mamori.export.media.ExportMediaFixture.STICK;
import static mamori.export.media.ExportMediaFixture.session;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.stage.Stage;
import mamori.audit.AuditAction;
import mamori.audit.RecordingRange;
import mamori.crypto.Ed25519Keys;
import mamori.crypto.KeyVault;
import mamori.demo.RecordingFormat;
import mamori.demo.TestPatternRecorder;
import mamori.export.ExportCheck;
import mamori.export.ExportOrder;
import mamori.export.ExportPackage;
import mamori.export.ExportPackager;
import mamori.export.ExportProduction;
import mamori.export.ExportRequests;
import mamori.export.ExportSource;
import mamori.export.ExportVerifier;
import mamori.export.Recipient;
import mamori.export.RecipientKind;
import mamori.export.media.ExportMediaFixture;
import mamori.ui.FxTaskExecutor;
import mamori.ui.Messages;
import mamori.ui.Screenshots;
import mamori.usb.UsbDevice;
import mamori.usb.Volume;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/// The check screen in a real window on the real check service, verifier, audit log and H2 file,
/// with a real package (a real MP4 made by FFmpeg, requested, approved, produced and signed by the
/// real classes) brought back on an approved stick. The stick is a directory the mount list names
/// as a USB volume (real mounts are exercised in ExportCopierSystemTest).
@Tag("ui")
class ExportCheckViewTest {

    @TempDir
    Path dir;
    private final FxRobot robot = new FxRobot();
    private ExportMediaFixture fixture;
    private FxTaskExecutor tasks;
    private Stage stage;
    private Path stickMount;

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    @BeforeEach
    void stick() throws Exception {
        fixture = new ExportMediaFixture(dir);
        fixture.approved.approve(session(ExportMediaFixture.ADMIN), STICK, "総務課 USB 1");
        stickMount = Files.createDirectories(dir.resolve("media/SOMU1"));
        fixture.mounted.add(new Volume("/dev/sdb1", stickMount.toString(), "vfat", Volume.Kind.USB, Optional.of(
                new UsbDevice("/devices/pci0000:00/0000:00:14.0/usb1/1-1", "1-1", "0781", "5567", 0, List.of(8), Optional.of("SanDisk"),
                        Optional.of("Cruzer Blade"), Optional.of(STICK.serial())))));
        tasks = new FxTaskExecutor();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        tasks.close();
        fixture.close();
    }

    /// Requested by the operator, approved by the supervisor, produced here; then copied to the stick.
    private ExportPackage broughtBack() throws Exception {
        var span = new RecordingRange(ExportMediaFixture.NOW.minusSeconds(3_600), ExportMediaFixture.NOW.minusSeconds(3_590));
        Path video = dir.resolve("plain.mp4");
        new TestPatternRecorder(new RecordingFormat(320, 180, 5, 2, 80_000), ZoneId.of("Asia/Tokyo"))
                .record(video, "CAM-01", "玄関", span.from(), 10, frames -> { });
        var requests = new ExportRequests(fixture.database, fixture.catalog, fixture.log, ExportMediaFixture.CLOCK, Duration.ofHours(2));
        var request = requests.request(session(REQUESTER), "cam-1", span, "窃盗事件の捜査", new Recipient(RecipientKind.POLICE, "中央警察署"));
        ExportOrder order = requests.approve(session(REQUESTER), request.id(), APPROVER, false, "");
        KeyVault.CertifiedKey rsa = KeyVault.openOrCreate(dir.resolve("keys.p12"), dir.resolve("keys.pw"), Optional.empty(),
                new SecureRandom(), ExportMediaFixture.CLOCK).rsaCertifiedKey("export-rsa", "Mamori T-MEDIA exports");
        var packager = new ExportPackager(rsa, new Ed25519PrivateKeyParameters(new byte[32], 0), ExportMediaFixture.CLOCK, new SecureRandom());
        ExportPackage made = new ExportProduction(fixture.database, fixture.log, Files.createDirectories(dir.resolve("exports")),
                () -> (o, staging, progress, cancelled) -> packager.pack(o, video,
                        List.of(ExportSource.file("CAM-01-20261201-0100.mp4", span, "ab".repeat(32))), List.of(), staging, progress,
                        cancelled))
                .produce(order, done -> { }, () -> false);
        Files.copy(made.file(), stickMount.resolve(made.file().getFileName()));
        return made;
    }

    private void show(Messages messages) throws Exception {
        var check = new ExportCheck(() -> fixture.copier(Optional.empty()).destinations().places(), new ExportVerifier(), fixture.database,
                fixture.log, fixture.catalog, Set.of(Ed25519Keys.keyId(new Ed25519PrivateKeyParameters(new byte[32], 0)
                        .generatePublicKey().getEncoded())));
        var model = new ExportCheckViewModel(session(APPROVER), check, java.util.Map.of("cam-1", "CAM-01 玄関"), tasks, messages, ZoneId.of("Asia/Tokyo"), () -> { });
        stage = FxToolkit.setupStage(window -> {
            Scene scene = new Scene(new ExportCheckView(model, messages), 1366, 768);
            scene.getStylesheets().add(Objects.requireNonNull(ExportCheckView.class.getResource("/mamori/ui/mamori.css")).toExternalForm());
            window.setScene(scene);
            window.show();
        });
        FxToolkit.setupFixture(model::load);
    }

    private String verdict() {
        return robot.lookup("#exportcheck-verdict").queryAs(Label.class).getText();
    }

    @Test
    void theSupervisorChecksAPackageBroughtBackOnTheApprovedStick() throws Exception {
        ExportPackage made = broughtBack();
        show(Messages.load(Locale.JAPANESE));
        @SuppressWarnings("unchecked")
        ListView<ExportCheckViewModel.Row> packages = robot.lookup("#exportcheck-packages").queryAs(ListView.class);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> packages.getItems().size() == 1);
        assertTrue(packages.getItems().getFirst().detail().startsWith("総務課 USB 1"), packages.getItems().getFirst().detail());

        robot.interact(() -> packages.getSelectionModel().select(0));
        robot.clickOn("#exportcheck-passphrase").write("AAAA-BBBB-CCCC-DDDD-EEEE");
        robot.clickOn("#exportcheck-verify");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> verdict().startsWith("不合格"));
        assertEquals("不合格：パスフレーズが違います。", verdict());
        assertEquals("", robot.lookup("#exportcheck-passphrase").queryAs(javafx.scene.control.PasswordField.class).getText(),
                "the passphrase does not stay on screen");

        robot.clickOn("#exportcheck-passphrase").write(new String(made.passphrase()));
        robot.clickOn("#exportcheck-verify");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> verdict().startsWith("検証に合格"));
        @SuppressWarnings("unchecked")
        ListView<String> details = robot.lookup("#exportcheck-details").queryAs(ListView.class);
        assertTrue(details.getItems().contains("この端末の監査ログに記録されたパッケージそのものです。"), details.getItems().toString());
        assertTrue(details.getItems().stream().anyMatch(line -> line.startsWith("申請者：依頼 一郎　承認者：承認 花子")), details.getItems().toString());
        assertTrue(details.getItems().contains("パッケージの SHA-256：" + made.sha256()), details.getItems().toString());
        assertTrue(details.getItems().contains("カメラ：CAM-01 玄関"), details.getItems().toString());
        assertTrue(details.getItems().contains("元の録画：この端末の録画ファイル 1 件、レコーダーからの ONVIF 再生 0 件"),
                details.getItems().toString());
        Screenshots.save(stage.getScene(), "exportcheck-accepted");

        var checks = fixture.entries(AuditAction.EXPORT_VERIFIED);
        assertEquals(2, checks.size());
        assertTrue(checks.get(0).canonical().contains("\"verdict\":\"WRONG_PASSPHRASE\""), checks.get(0).canonical());
        assertTrue(checks.get(1).canonical().contains("\"verdict\":\"ACCEPTED\""), checks.get(1).canonical());
        assertEquals(APPROVER.id(), checks.get(1).personId());
    }

    @Test
    void withoutTheAuditLogTheVerdictIsWithheldOnScreen() throws Exception {
        ExportPackage made = broughtBack();
        show(Messages.load(Locale.ENGLISH));
        @SuppressWarnings("unchecked")
        ListView<ExportCheckViewModel.Row> packages = robot.lookup("#exportcheck-packages").queryAs(ListView.class);
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> packages.getItems().size() == 1);
        fixture.log.close();
        robot.interact(() -> packages.getSelectionModel().select(0));
        robot.clickOn("#exportcheck-passphrase").write(new String(made.passphrase()));
        robot.clickOn("#exportcheck-verify");
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> verdict().startsWith("The result cannot be recorded"));
        assertTrue(robot.lookup("#exportcheck-details").query().isVisible() == false, "nothing of the package is shown");
        Screenshots.save(stage.getScene(), "exportcheck-not-recorded");
    }
}
