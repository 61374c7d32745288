package mamori.ui.login;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Predicate;
import mamori.identity.LoginAttempt;
import mamori.identity.LoginService;
import mamori.ui.TaskExecutor;

/// Waits for fingers through the task executor, one bounded wait after another, for the login and the
/// lock screen. Each outcome goes to `handler`, which says whether to keep waiting.
final class ReaderLoop {

    /// Each wait on the reader is this short so leaving the screen stops the loop promptly.
    private static final Duration WAIT_PER_ATTEMPT = Duration.ofMillis(500);

    private final LoginService login;
    private final TaskExecutor tasks;
    private final Predicate<LoginAttempt> handler;
    private final Consumer<Exception> onFailure;
    private volatile boolean waiting;

    ReaderLoop(LoginService login, TaskExecutor tasks, Predicate<LoginAttempt> handler, Consumer<Exception> onFailure) {
        this.login = login;
        this.tasks = tasks;
        this.handler = handler;
        this.onFailure = onFailure;
    }

    void start() {
        if (!waiting) {
            waiting = true;
            awaitNext();
        }
    }

    void stop() {
        waiting = false;
    }

    private void awaitNext() {
        if (!waiting) {
            return;
        }
        tasks.execute(() -> login.awaitFinger(WAIT_PER_ATTEMPT), attempt -> {
            if (handler.test(attempt)) {
                awaitNext();
            } else {
                waiting = false;
            }
        }, failure -> {
            onFailure.accept(failure);
            awaitNext();
        });
    }
}
