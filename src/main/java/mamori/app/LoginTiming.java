package mamori.app;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.layout.Pane;
import javafx.stage.Stage;
import mamori.demo.DemoData;
import mamori.demo.DemoSeed.RecordingPlan;
import mamori.fingerprint.FingerSimulator;
import mamori.fingerprint.FingerSimulator.SimulatedFinger;
import mamori.fingerprint.r30x.R30xEmulator;
import mamori.fingerprint.r30x.R30xEmulatorOnPty;
import mamori.identity.Role;
import mamori.store.DataDirectory;
import mamori.ui.FxTaskExecutor;
import mamori.ui.Messages;

/// The login benchmark's measurement (`mamori bench login`): the demo kiosk in a real window on a
/// fresh data directory, with the demo reader (the R30x emulator at datasheet timings and 57,600
/// baud, on a socat pty pair). Each run places a finger on the emulated module and stops the clock
/// when the home screen with its camera list has been laid out for the screen; the emulator says
/// how much of that time was its modelled module work and serial transfer.
public final class LoginTiming {

    /// One login: finger placed to home screen shown, and the modelled share of it.
    public record Run(Duration total, Duration moduleWork, Duration lineTransfer) {

        /// What is left when the module's work and the line are taken away: the software's share.
        public Duration software() {
            return total.minus(moduleWork).minus(lineTransfer);
        }
    }

    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(20);

    private LoginTiming() {
    }

    /// Runs `warmUps` unmeasured logins, then `runs` measured ones, each followed by a logout.
    /// Needs a display; starts and ends the JavaFX toolkit.
    public static List<Run> measure(Path home, int warmUps, int runs) throws Exception {
        MamoriConfig config = new MamoriConfig(new DataDirectory(home), Clock.systemUTC(), MamoriConfig.DEFAULT_FACILITY_ZONE,
                RecordingPlan.SMALL, Optional.empty()).withReader(ReaderSetting.DEMO);
        System.setProperty("java.awt.headless", "true");
        LoginScreenWait observer = new LoginScreenWait();
        FxTaskExecutor tasks = new FxTaskExecutor();
        Stage[] stage = new Stage[1];
        KioskWindow[] window = new KioskWindow[1];
        try (Mamori mamori = Mamori.open(config)) {
            Platform.setImplicitExit(false);
            Platform.startup(() -> {
                stage[0] = new Stage();
                window[0] = new KioskWindow(stage[0], new LaunchOptions(true, Messages.DEFAULT_LOCALE, false),
                        Messages.load(Messages.DEFAULT_LOCALE), tasks, observer, () -> { });
                window[0].showStarting(config.clock(), config.facilityZone());
                window[0].attach(mamori);
            });
            try {
                observer.await(Duration.ofSeconds(120));
                R30xEmulatorOnPty module = mamori.emulatedModule().orElseThrow();
                FingerSimulator fingers = mamori.fingerSimulator().orElseThrow();
                // An operator: their home screen lists cameras (an administrator's or auditor's lists none).
                int operatorTemplate = DemoData.PEOPLE.stream().filter(person -> person.role() == Role.OPERATOR)
                        .findFirst().orElseThrow().firstTemplate();
                SimulatedFinger finger = fingers.fingers().stream()
                        .filter(f -> f.templateId().isPresent() && f.templateId().getAsInt() == operatorTemplate)
                        .findFirst().orElseThrow();
                Scene scene = stage[0].getScene();
                List<Run> measured = new ArrayList<>();
                for (int i = 0; i < warmUps + runs; i++) {
                    waitUntil(scene, "#login-screen");
                    // Fingers arrive at any moment of the driver's polling: vary the pause.
                    Thread.sleep(250 + (i * 137L) % 400);
                    Run run = oneLogin(scene, fingers, finger, module.emulator());
                    if (i >= warmUps) {
                        measured.add(run);
                    }
                    onFx(() -> ((Button) scene.lookup("#home-logout")).fire());
                }
                waitUntil(scene, "#login-screen");
                return measured;
            } finally {
                onFx(() -> window[0].close());
                tasks.close();
                Platform.exit();
            }
        }
    }

    private static Run oneLogin(Scene scene, FingerSimulator fingers, SimulatedFinger finger, R30xEmulator emulator)
            throws Exception {
        CountDownLatch shown = new CountDownLatch(1);
        AtomicLong shownAt = new AtomicLong();
        onFx(() -> {
            Runnable[] listener = new Runnable[1];
            listener[0] = () -> {
                if (homeWithCameras(scene)) {
                    scene.removePostLayoutPulseListener(listener[0]);
                    // As for the login screen at start-up: rendering follows this pulse's layout.
                    Platform.runLater(() -> {
                        shownAt.set(System.nanoTime());
                        shown.countDown();
                    });
                }
            };
            scene.addPostLayoutPulseListener(listener[0]);
        });
        long placed = System.nanoTime();
        fingers.place(finger);
        if (!shown.await(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            String[] seen = new String[1];
            onFx(() -> seen[0] = scene.lookup("#login-status") instanceof javafx.scene.control.Label status
                    ? "login screen: " + status.getText() : "home screen: " + (scene.lookup("#home-screen") != null));
            throw new IllegalStateException("no home screen " + STEP_TIMEOUT.toSeconds() + " s after the finger was placed ("
                    + seen[0] + ")");
        }
        var modelled = emulator.modelledTimeBetween(placed, shownAt.get());
        return new Run(Duration.ofNanos(shownAt.get() - placed), modelled.moduleWork(), modelled.lineTransfer());
    }

    private static boolean homeWithCameras(Scene scene) {
        Node tiles = scene.lookup("#home-cameras");
        return scene.lookup("#home-screen") != null && tiles instanceof Pane pane && !pane.getChildren().isEmpty();
    }

    private static void waitUntil(Scene scene, String query) throws Exception {
        long deadline = System.nanoTime() + STEP_TIMEOUT.toNanos();
        while (true) {
            boolean[] present = new boolean[1];
            onFx(() -> present[0] = scene.lookup(query) != null);
            if (present[0]) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(query + " not shown within " + STEP_TIMEOUT.toSeconds() + " s");
            }
            Thread.sleep(20);
        }
    }

    private static void onFx(Runnable action) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Platform.runLater(() -> {
            try {
                action.run();
            } finally {
                done.countDown();
            }
        });
        if (!done.await(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the JavaFX thread did not answer");
        }
    }
}
