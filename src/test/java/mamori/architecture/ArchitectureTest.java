package mamori.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/// The edges of docs/architecture.md, enforced from day one. Plain JUnit tests that call
/// `check`, so a rule can never be skipped silently by a test engine that is not picked up.
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS).importPackages("mamori");
        assertTrue(classes.size() > 50, "the production classes were found: " + classes.size());
    }

    @Test
    void onlyScreensAndTheCompositionRootUseJavaFx() {
        ArchRule rule = noClasses()
            .that().resideOutsideOfPackages("mamori.ui..", "mamori.app..")
            .should().dependOnClassesThat().resideInAPackage("javafx..")
            .because("domain code must run and be tested without a screen");
        rule.check(classes);
    }

    @Test
    void screensNeverTouchJdbcFfmpegOrSerialPorts() {
        ArchRule rule = noClasses()
            .that().resideInAPackage("mamori.ui..")
            .should().dependOnClassesThat().resideInAnyPackage("java.sql..", "javax.sql..", "org.h2..", "org.bytedeco..",
                    "com.fazecast..", "uk.co.caprica..", "mamori.store..")
            .because("screens talk to services, never to the database, decoders or devices");
        rule.check(classes);
    }

    @Test
    void viewModelsNeverTouchNodes() {
        ArchRule rule = noClasses()
            .that().haveSimpleNameEndingWith("ViewModel")
            .should().dependOnClassesThat().resideInAnyPackage("javafx.scene..", "javafx.stage..")
            .because("view models hold state and call services; views build nodes");
        rule.check(classes);
    }

    @Test
    void noWebViewInAKiosk() {
        ArchRule rule = noClasses()
            .should().dependOnClassesThat().resideInAPackage("javafx.web..")
            .because("a browser inside the kiosk would be a way out of it");
        rule.check(classes);
    }

    @Test
    void onlyTheCommandLineWritesToTheConsole() {
        ArchRule rule = noClasses()
            .that().resideOutsideOfPackage("mamori.cli..")
            .should().accessField(System.class, "out")
            .orShould().accessField(System.class, "err")
            .orShould().callMethod(Throwable.class, "printStackTrace")
            .because("the kiosk shows messages on screen and in the audit log, not on a console nobody reads");
        rule.check(classes);
    }

    @Test
    void featurePackagesAreFreeOfCycles() {
        ArchRule rule = slices().matching("mamori.(*)..").should().beFreeOfCycles();
        rule.check(classes);
    }

    @Test
    void screensAreFreeOfCycles() {
        ArchRule rule = slices().matching("mamori.ui.(*)..").should().beFreeOfCycles();
        rule.check(classes);
    }

    @Test
    void onlyThePlayersSourcesReadStoredCameraPasswords() {
        ArchRule rule = noClasses()
            .that().resideOutsideOfPackages("mamori.camera..", "mamori.playback..")
            .should().callMethod(mamori.camera.CredentialStore.class, "account", String.class)
            .because("a camera password is never shown again once entered: screens ask whether one is set, only the engine gets it");
        rule.check(classes);
    }

    @Test
    void onlyTheCompositionRootBuildsTheReaderDriver() {
        ArchRule rule = noClasses()
            .that().resideOutsideOfPackages("mamori.app..", "mamori.fingerprint..")
            .should().dependOnClassesThat().resideInAnyPackage("mamori.fingerprint.emulated..", "mamori.fingerprint.r30x..")
            .because("everything else uses the reader SPI, so the configuration alone chooses the driver");
        rule.check(classes);
    }

    @Test
    void theOnvifReplayClientStandsOnTheJdkAlone() {
        ArchRule rule = noClasses()
            .that().resideInAPackage("mamori.replay..")
            .should().dependOnClassesThat().resideOutsideOfPackages("java..", "mamori.replay..")
            .because("the RTSP client parses what recorders send; decoding and playing are mamori.playback's (decision 0031)");
        rule.check(classes);
    }
}
