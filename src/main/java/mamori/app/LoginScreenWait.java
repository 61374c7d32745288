package mamori.app;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/// A [StartupObserver] another thread can wait on until the kiosk's login screen is shown, for the
/// login benchmark and the UI tests that start the real kiosk.
public final class LoginScreenWait implements StartupObserver {

    private final CountDownLatch over = new CountDownLatch(1);
    private volatile String failure;

    @Override
    public void loginScreenShown() {
        over.countDown();
    }

    @Override
    public void failed(String message) {
        failure = message;
        over.countDown();
    }

    /// Returns once the login screen is shown; throws saying why when the start failed or took longer than `timeout`.
    public void await(Duration timeout) throws InterruptedException {
        if (!over.await(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the kiosk did not reach its login screen within " + timeout.toSeconds() + " s");
        }
        if (failure != null) {
            throw new IllegalStateException("the kiosk did not reach its login screen: " + failure);
        }
    }
}
