package mamori.ui.export.production;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import mamori.audit.AuditUnavailableException;
import mamori.export.ExportException;
import mamori.export.ExportOrder;
import mamori.export.ExportPackage;
import mamori.export.ExportProduction;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;

/// Produces the approved package off the UI thread with its progress, and lets it be cancelled.
/// At the end the passphrase is shown once: "I have noted it" overwrites it with zeros and it is
/// gone (the screen cannot show it again; nothing stores it).
public final class ExportProductionViewModel {

    private final ExportOrder order;
    private final ExportProduction production;
    private final TaskExecutor tasks;
    private final Messages messages;
    private final Consumer<ExportPackage> onCopyToMedia;
    private final Runnable onDone;
    private final AtomicBoolean cancelled = new AtomicBoolean();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper();
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper statusIsError = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper produced = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper passphraseShown = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper passphrase = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper sha256 = new ReadOnlyStringWrapper("");
    private ExportPackage made;

    public ExportProductionViewModel(ExportOrder order, ExportProduction production, TaskExecutor tasks, Messages messages,
            Consumer<ExportPackage> onCopyToMedia, Runnable onDone) {
        this.order = order;
        this.production = production;
        this.tasks = tasks;
        this.messages = messages;
        this.onCopyToMedia = onCopyToMedia;
        this.onDone = onDone;
    }

    public String approverText() {
        return messages.get("export.production.approver", order.approverName(), order.requesterName());
    }

    public void start() {
        if (running.get() || produced.get()) {
            return;
        }
        running.set(true);
        showInfo(messages.get("export.production.running"));
        tasks.execute(() -> production.produce(order, fraction -> tasks.onUiThread(() -> progress.set(fraction)), cancelled::get),
                result -> {
                    running.set(false);
                    produced.set(true);
                    made = result;
                    progress.set(1);
                    sha256.set(result.sha256());
                    passphrase.set(new String(result.passphrase()));
                    passphraseShown.set(true);
                    showInfo(messages.get("export.production.done", result.bytes()));
                }, failure -> {
                    running.set(false);
                    showError(switch (failure) {
                        case ExportException export when cancelled.get() -> messages.get("export.production.cancelled");
                        case ExportException export -> messages.get("export.production.failed", export.getMessage());
                        case AuditUnavailableException unavailable -> messages.get("export.auditUnavailable", unavailable.getMessage());
                        default -> messages.get("export.failed", failure.getMessage());
                    });
                });
    }

    public void cancel() {
        if (running.get()) {
            cancelled.set(true);
            showInfo(messages.get("export.production.cancelling"));
        }
    }

    /// The approver has noted the passphrase: it is overwritten and no longer shown.
    public void noted() {
        if (made != null) {
            Arrays.fill(made.passphrase(), '\0');
        }
        passphrase.set("");
        passphraseShown.set(false);
    }

    /// On to the copy to media, once the passphrase is no longer on screen.
    public void copyToMedia() {
        if (made != null && !passphraseShown.get()) {
            onCopyToMedia.accept(made);
        }
    }

    public void done() {
        cancel();
        noted();
        onDone.run();
    }

    private void showInfo(String text) {
        status.set(text);
        statusIsError.set(false);
    }

    private void showError(String text) {
        status.set(text);
        statusIsError.set(true);
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty statusIsErrorProperty() {
        return statusIsError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty producedProperty() {
        return produced.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty passphraseShownProperty() {
        return passphraseShown.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty passphraseProperty() {
        return passphrase.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty sha256Property() {
        return sha256.getReadOnlyProperty();
    }
}
