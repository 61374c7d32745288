package mamori.app;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;
import javafx.stage.Stage;
import mamori.ui.FxTaskExecutor;
import mamori.ui.Messages;

/// Starts the kiosk: the services open on a background thread while the JavaFX toolkit starts,
/// which keeps the time to the login screen short. Returns when the kiosk has ended.
public final class KioskLauncher {

    private KioskLauncher() {
    }

    /// Runs the kiosk until an administrator exits it; returns the process exit status.
    public static int run(LaunchOptions options, MamoriConfig config, StartupObserver observer) throws InterruptedException {
        System.setProperty("java.awt.headless", "true");
        CompletableFuture<Mamori> services = CompletableFuture.supplyAsync(() -> {
            try {
                return Mamori.open(config);
            } catch (StartupException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        Messages messages = Messages.load(options.locale());
        CountDownLatch ended = new CountDownLatch(1);
        int[] status = {0};
        FxTaskExecutor tasks = new FxTaskExecutor();
        StartupObserver reporting = new StartupObserver() {
            @Override
            public void loginScreenShown() {
                observer.loginScreenShown();
                if (options.exitAfterStartup()) {
                    ended.countDown();
                }
            }

            @Override
            public void failed(String message) {
                status[0] = 1;
                observer.failed(message);
                if (options.exitAfterStartup()) {
                    ended.countDown();
                }
            }
        };
        Platform.setImplicitExit(false);
        Platform.startup(() -> {
            KioskWindow window = new KioskWindow(new Stage(), options, messages, tasks, reporting, ended::countDown);
            window.showStarting(config.clock(), config.facilityZone());
            services.whenComplete((mamori, failure) -> Platform.runLater(() -> {
                if (failure != null) {
                    Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
                    window.showFailure(cause.getMessage());
                } else {
                    mamori.startupNotices().forEach(observer::notice);
                    window.attach(mamori);
                }
            }));
        });
        ended.await();
        tasks.close();
        Platform.exit();
        try {
            services.join().close();
        } catch (java.util.concurrent.CompletionException startFailed) {
            // Nothing was opened, so nothing is left to close.
        }
        return status[0];
    }
}
