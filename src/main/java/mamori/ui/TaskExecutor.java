package mamori.ui;

import java.util.function.Consumer;

/// Runs long work (reader waits, database reads, encoding) off the UI thread and hands the
/// outcome back on it. The app uses [FxTaskExecutor]; tests may run everything on one thread.
public interface TaskExecutor {

    <T> void execute(BackgroundWork<T> work, Consumer<T> onSuccess, Consumer<Exception> onFailure);

    /// Runs `action` on the UI thread (from a background thread, e.g. progress updates).
    void onUiThread(Runnable action);

    /// Work that may block and may fail.
    @FunctionalInterface
    interface BackgroundWork<T> {
        T run() throws Exception;
    }
}
