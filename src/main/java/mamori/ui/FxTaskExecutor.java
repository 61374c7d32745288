package mamori.ui;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javafx.application.Platform;

/// The app's task executor: background work on daemon threads, outcomes on the JavaFX thread.
public final class FxTaskExecutor implements TaskExecutor, AutoCloseable {

    private final ExecutorService workers = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("mamori-task-", 0).daemon().factory());

    @Override
    public <T> void execute(BackgroundWork<T> work, Consumer<T> onSuccess, Consumer<Exception> onFailure) {
        if (workers.isShutdown()) {
            return; // the kiosk is closing: work a screen asks for now has nobody left to show it to
        }
        workers.execute(() -> {
            try {
                T result = work.run();
                Platform.runLater(() -> onSuccess.accept(result));
            } catch (Exception e) {
                Platform.runLater(() -> onFailure.accept(e));
            }
        });
    }

    @Override
    public void onUiThread(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
