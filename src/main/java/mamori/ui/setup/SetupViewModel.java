package mamori.ui.setup;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import mamori.demo.DemoSeed;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;

/// First run of the demo: makes the recordings and shows how far it has got.
public final class SetupViewModel {

    private final DemoSeed seed;
    private final TaskExecutor tasks;
    private final Messages messages;
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyStringWrapper percent = new ReadOnlyStringWrapper("0 %");
    /// Progress arrives many times a second from the encoders; only whole percents reach the screen.
    private final AtomicInteger shownPercent = new AtomicInteger(-1);

    public SetupViewModel(DemoSeed seed, TaskExecutor tasks, Messages messages) {
        this.seed = seed;
        this.tasks = tasks;
        this.messages = messages;
    }

    public void start(Runnable onDone, Consumer<Exception> onFailure) {
        tasks.execute(() -> {
            seed.makeRecordings(this::report);
            return null;
        }, ignored -> onDone.run(), onFailure);
    }

    private void report(double fraction) {
        int whole = (int) Math.floor(fraction * 100);
        if (shownPercent.getAndSet(whole) != whole) {
            tasks.onUiThread(() -> {
                progress.set(fraction);
                percent.set(whole + " %");
            });
        }
    }

    public String title() {
        return messages.get("setup.title");
    }

    public String detail() {
        return messages.get("setup.detail");
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty percentProperty() {
        return percent.getReadOnlyProperty();
    }
}
