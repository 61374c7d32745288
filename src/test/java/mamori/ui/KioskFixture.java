package mamori.ui;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import javafx.stage.Stage;
import mamori.app.KioskWindow;
import mamori.app.LaunchOptions;
import mamori.app.LoginScreenWait;
import mamori.app.Mamori;
import mamori.app.MamoriConfig;
import mamori.app.ReaderSetting;
import mamori.demo.DemoSeed;
import mamori.demo.RecordingFormat;
import mamori.store.DataDirectory;
import org.testfx.api.FxToolkit;

/// The real kiosk in a real window for the TestFX flows: the composition root on a data directory
/// of its own, the demo facility made on first start (20 s of small recordings per camera) and the
/// emulated R30x reader on a pty, started the way the launcher starts it and handed over once the
/// login screen is shown. Japanese, windowed.
final class KioskFixture implements AutoCloseable {

    static final DemoSeed.RecordingPlan SHORT_PLAN =
            new DemoSeed.RecordingPlan(Duration.ofSeconds(20), Duration.ofSeconds(10), new RecordingFormat(320, 180, 5, 2, 80_000));

    /// How the composition root is opened (the libVLC test chooses its engine).
    @FunctionalInterface
    interface Opener {
        Mamori open(MamoriConfig config) throws Exception;
    }

    final FxTaskExecutor tasks;
    final Stage stage;
    final KioskWindow window;
    final Mamori mamori;

    private KioskFixture(FxTaskExecutor tasks, Stage stage, KioskWindow window, Mamori mamori) {
        this.tasks = tasks;
        this.stage = stage;
        this.window = window;
        this.mamori = mamori;
    }

    /// The wall clock, the facility's zone, the short demo plan and the demo reader.
    static MamoriConfig config(Path home) {
        return new MamoriConfig(new DataDirectory(home), Clock.systemUTC(), MamoriConfig.DEFAULT_FACILITY_ZONE, SHORT_PLAN,
                Optional.empty()).withReader(ReaderSetting.DEMO);
    }

    static KioskFixture start(MamoriConfig config) throws Exception {
        return start(config, Mamori::open, () -> { });
    }

    /// Starts the kiosk and waits (60 s) for its login screen; `onExit` runs when the kiosk exits.
    static KioskFixture start(MamoriConfig config, Opener opener, Runnable onExit) throws Exception {
        LoginScreenWait observer = new LoginScreenWait();
        FxTaskExecutor tasks = new FxTaskExecutor();
        Stage[] stage = new Stage[1];
        KioskWindow[] window = new KioskWindow[1];
        FxToolkit.setupFixture(() -> {
            stage[0] = new Stage();
            window[0] = new KioskWindow(stage[0], new LaunchOptions(true, Locale.JAPANESE, false), Messages.load(Locale.JAPANESE), tasks,
                    observer, onExit);
            window[0].showStarting(config.clock(), config.facilityZone());
        });
        Mamori mamori = opener.open(config);
        FxToolkit.setupFixture(() -> window[0].attach(mamori));
        observer.await(Duration.ofSeconds(60));
        return new KioskFixture(tasks, stage[0], window[0], mamori);
    }

    @Override
    public void close() throws Exception {
        FxToolkit.setupFixture(window::close);
        tasks.close();
        mamori.close();
    }
}
