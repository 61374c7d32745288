package mamori.ui.exportcopy;

import static mamori.export.media.ExportMediaFixture.ADMIN;
import static mamori.export.media.ExportMediaFixture.BYSTANDER;
import static mamori.export.media.ExportMediaFixture.REQUESTER;
import static mamori.export.media.ExportMediaFixture.STICK;
import static mamori.export.media.ExportMediaFixture.session;
import static mamori.export.media.ExportMediaFixture.sha256;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;
import mamori.audit.AuditAction;
import mamori.export.media.ExportMediaFixture;
import mamori.export.media.StagedExport;
import mamori.identity.Person;
import mamori.ui.FxTaskExecutor;
import mamori.ui.Messages;
import mamori.ui.Screenshots;
import mamori.usb.UsbDevice;
import mamori.usb.Volume;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/// The copy screen in a real window (under Xvfb in CI) on the real copier, audit log and H2 file.
/// The media are directories the mount list names as USB volumes (real mounts are in
/// ExportCopierSystemTest): an approved stick, one nobody approved, one without a serial number,
/// and the configured folder.
@Tag("ui")
class ExportCopyViewTest {

    @TempDir
    Path dir;
    private final FxRobot robot = new FxRobot();
    private ExportMediaFixture fixture;
    private FxTaskExecutor tasks;
    private Stage stage;
    private Path stickMount;
    private StagedExport export;
    private final CountDownLatch done = new CountDownLatch(1);

    @BeforeAll
    static void startToolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    private static UsbDevice stick(String product, String serial) {
        return new UsbDevice("/devices/pci0000:00/0000:00:14.0/usb1/1-" + product.length(), "1-1", "0781", "5567", 0, List.of(8),
                Optional.of("SanDisk"), Optional.of(product), Optional.ofNullable(serial));
    }

    @BeforeEach
    void media() throws Exception {
        fixture = new ExportMediaFixture(dir);
        fixture.approved.approve(session(ADMIN), STICK, "総務課 USB 1");
        stickMount = Files.createDirectories(dir.resolve("media/SOMU1"));
        fixture.mounted.add(new Volume("/dev/sdb1", stickMount.toString(), "vfat", Volume.Kind.USB,
                Optional.of(stick("Cruzer Blade", STICK.serial()))));
        fixture.mounted.add(new Volume("/dev/sdc1", Files.createDirectories(dir.resolve("media/PRIVATE")).toString(), "vfat",
                Volume.Kind.USB, Optional.of(stick("Ultra Fit", "0401ab3c55d1"))));
        fixture.mounted.add(new Volume("/dev/sdd1", Files.createDirectories(dir.resolve("media/NONAME")).toString(), "vfat",
                Volume.Kind.USB, Optional.of(stick("Generic", null))));
        Files.createDirectories(dir.resolve("archive"));
        export = ExportMediaFixture.stage(dir.resolve("exports"), "EXP-2026-0042", 3 * 1024 * 1024 + 11);
        tasks = new FxTaskExecutor();
    }

    @AfterEach
    void close() throws Exception {
        FxToolkit.cleanupStages();
        tasks.close();
        fixture.close();
    }

    private void show(Person who, Locale locale) throws Exception {
        Messages messages = Messages.load(locale);
        ExportCopyViewModel model = new ExportCopyViewModel(session(who), export, fixture.copier(Optional.of(dir.resolve("archive"))),
                tasks, messages, done::countDown, () -> { });
        stage = FxToolkit.setupStage(window -> {
            Scene scene = new Scene(new ExportCopyView(model, messages), 1366, 768);
            scene.getStylesheets().add(Objects.requireNonNull(ExportCopyView.class.getResource("/mamori/ui/mamori.css")).toExternalForm());
            window.setScene(scene);
            window.show();
        });
        FxToolkit.setupFixture(model::load);
        waitFor("#exportcopy-destination-medium-" + STICK.serial());
    }

    private void waitFor(String query) throws Exception {
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup(query).tryQuery().isPresent());
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String text(String query) {
        return robot.lookup(query).queryAs(Label.class).getText();
    }

    @Test
    void theRequesterCopiesToTheApprovedStickAndSeesTheReadBackResult() throws Exception {
        show(REQUESTER, Locale.JAPANESE);
        Node approved = robot.lookup("#exportcopy-destination-medium-" + STICK.serial()).query();
        assertTrue(robot.from(approved).lookup((Label label) -> label.getText().equals("総務課 USB 1（SanDisk Cruzer Blade）")).tryQuery()
                .isPresent());
        assertTrue(robot.from(approved).lookup((Label label) -> label.getText().contains("シリアル " + STICK.serial())
                && label.getText().contains("空き")).tryQuery().isPresent());
        Node unapproved = robot.lookup("#exportcopy-destination-refused-0").query();
        assertTrue(unapproved.isDisabled(), "refused storage is greyed");
        assertTrue(robot.from(unapproved).lookup((Label label) -> label.getText().startsWith("コピー先として承認されていません")).tryQuery()
                .isPresent());
        assertTrue(robot.lookup("#exportcopy-destination-refused-1").query().isDisabled());
        assertTrue(robot.lookup("#exportcopy-destination-folder").tryQuery().isPresent());
        assertTrue(robot.lookup("#exportcopy-copy").query().isDisabled(), "nothing chosen yet");
        Screenshots.save(stage.getScene(), "exportcopy-destinations");

        robot.clickOn("#exportcopy-destination-refused-0");
        WaitForAsyncUtils.waitForFxEvents();
        assertTrue(robot.lookup("#exportcopy-copy").query().isDisabled(), "a refused medium cannot be chosen");

        robot.clickOn("#exportcopy-destination-medium-" + STICK.serial());
        WaitForAsyncUtils.waitForFxEvents();
        assertFalse(robot.lookup("#exportcopy-copy").query().isDisabled());
        Screenshots.save(stage.getScene(), "exportcopy-chosen");
        robot.clickOn("#exportcopy-copy");
        waitFor("#exportcopy-readback");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> robot.lookup("#exportcopy-done").query().isVisible());

        assertEquals(export.sha256(), sha256(stickMount.resolve(export.fileName())));
        assertTrue(text("#exportcopy-message").contains("にコピーしました。読み戻してハッシュを確認し、記録しました。"),
                text("#exportcopy-message"));
        assertTrue(text("#exportcopy-readback").contains(export.sha256()), text("#exportcopy-readback"));
        assertEquals(1, fixture.entries(AuditAction.EXPORT_COPIED_TO_MEDIA).size());
        Screenshots.save(stage.getScene(), "exportcopy-copied");

        robot.clickOn("#exportcopy-done");
        assertTrue(done.await(5, TimeUnit.SECONDS));
    }

    @Test
    void someoneWhoNeitherRequestedNorApprovedIsToldWhyNothingWasCopied() throws Exception {
        show(BYSTANDER, Locale.ENGLISH);
        robot.clickOn("#exportcopy-destination-medium-" + STICK.serial());
        robot.clickOn("#exportcopy-copy");
        WaitForAsyncUtils.waitFor(15, TimeUnit.SECONDS, () -> !text("#exportcopy-message").startsWith("Copying"));
        WaitForAsyncUtils.waitForFxEvents();

        assertEquals("Only the person who requested this export or the person who approved it can copy it.", text("#exportcopy-message"));
        assertFalse(robot.lookup("#exportcopy-done").query().isVisible());
        assertEquals(List.of(), ExportMediaFixture.files(stickMount));
        Screenshots.save(stage.getScene(), "exportcopy-refused-en");
    }
}
