package mamori.ui.exportcopy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import mamori.audit.AuditUnavailableException;
import mamori.export.media.CopyFailedException;
import mamori.export.media.Destination;
import mamori.export.media.Destinations;
import mamori.export.media.ExportCopier;
import mamori.export.media.StagedExport;
import mamori.identity.Session;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;

/// The copy screen's state: the destinations as rows (usable ones selectable, refused ones with their
/// reason), the copy under way with its progress, and what came of it. The copier checks the rights,
/// the medium and the read-back, and records each step; this only shows it.
public final class ExportCopyViewModel {

    /// A destination as the list shows it; `destination` is empty for refused storage.
    public record Row(String id, String title, String detail, Optional<Destination> destination) {

        public boolean usable() {
            return destination.isPresent();
        }
    }

    private final Session session;
    private final StagedExport export;
    private final ExportCopier copier;
    private final TaskExecutor tasks;
    private final Messages messages;
    private final Runnable onDone;
    private final Runnable onBack;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<Row> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyObjectWrapper<Row> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(0);
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper copying = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper copied = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper messageIsError = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper readBack = new ReadOnlyStringWrapper("");
    private final AtomicBoolean cancelled = new AtomicBoolean();

    public ExportCopyViewModel(Session session, StagedExport export, ExportCopier copier, TaskExecutor tasks, Messages messages,
            Runnable onDone, Runnable onBack) {
        this.session = session;
        this.export = export;
        this.copier = copier;
        this.tasks = tasks;
        this.messages = messages;
        this.onDone = onDone;
        this.onBack = onBack;
    }

    /// The export in one line: its id, file name and size.
    public String summary() {
        return messages.get("exportcopy.summary", export.exportId(), export.fileName(), size(export.bytes()));
    }

    /// The package's SHA-256, for comparing with what the recipient reads.
    public String hash() {
        return messages.get("exportcopy.hash", export.sha256());
    }

    /// Lists the destinations again (a stick put in or pulled since).
    public void load() {
        loading.set(true);
        tasks.execute(copier::destinations, found -> {
            loading.set(false);
            Row was = selected.get();
            rows.setAll(rowsOf(found));
            selected.set(was == null ? null : rows.stream().filter(row -> row.id().equals(was.id()) && row.usable()).findFirst().orElse(null));
            if (rows.stream().noneMatch(Row::usable)) {
                show(messages.get("exportcopy.noDestination"), true);
            }
        }, failure -> {
            loading.set(false);
            show(messages.get("exportcopy.loadFailed", failure.getMessage()), true);
        });
    }

    private List<Row> rowsOf(Destinations found) {
        List<Row> list = new ArrayList<>();
        for (Destination destination : found.available()) {
            list.add(switch (destination) {
                case Destination.Medium medium -> new Row("medium-" + medium.identity().serial(),
                        messages.get("exportcopy.medium", medium.approvedLabel(), device(medium.device().manufacturer(),
                                medium.device().product())),
                        messages.get("exportcopy.mediumDetail", medium.device().vendorId(), medium.device().productId(),
                                medium.identity().serial(), medium.name().label().orElse("-"), medium.volume().mountPoint(),
                                size(medium.freeBytes())),
                        Optional.of(medium));
                case Destination.Folder folder -> new Row("folder", messages.get("exportcopy.folder"),
                        messages.get("exportcopy.folderDetail", folder.directory().toString(), size(folder.freeBytes())),
                        Optional.of(folder));
            });
        }
        int index = 0;
        for (Destination.Refused refused : found.refused()) {
            String what = refused.device().map(device -> messages.get("exportcopy.refusedDevice",
                    device(device.manufacturer(), device.product()), device.vendorId(), device.productId(), device.serial().orElse("-")))
                    .orElse(refused.volume().device());
            list.add(new Row("refused-" + index++, what, messages.get("exportcopy.refused." + refused.reason().name(),
                    refused.volume().mountPoint()), Optional.empty()));
        }
        found.unusableFolder().ifPresent(folder -> list.add(new Row("folder-unusable", messages.get("exportcopy.folder"),
                messages.get("exportcopy.folder." + folder.problem().name(), folder.folder().toString()), Optional.empty())));
        return list;
    }

    private String device(Optional<String> manufacturer, Optional<String> product) {
        String name = (manufacturer.orElse("") + " " + product.orElse("")).strip();
        return name.isEmpty() ? messages.get("exportcopy.unnamedDevice") : name;
    }

    /// Sizes as people read them on a stick: MB below a GB, else GB (decimal units, as the sticks are sold).
    String size(long bytes) {
        if (bytes >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
        }
        if (bytes >= 1_000_000L) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        return String.format(Locale.ROOT, "%,d B", bytes);
    }

    /// Chooses `row` (refused rows cannot be chosen).
    public void select(Row row) {
        if (copying.get()) {
            return;
        }
        selected.set(row != null && row.usable() ? row : null);
    }

    /// Copies to the chosen destination; progress, then the read-back result or why not.
    public void copy() {
        Row row = selected.get();
        if (row == null || copying.get()) {
            show(messages.get("exportcopy.choose"), true);
            return;
        }
        Destination destination = row.destination().orElseThrow();
        cancelled.set(false);
        copying.set(true);
        copied.set(false);
        progress.set(0);
        readBack.set("");
        show(messages.get("exportcopy.copying", row.title()), false);
        tasks.execute(() -> copier.copy(session, export, destination, fraction -> tasks.onUiThread(() -> progress.set(fraction)),
                cancelled::get), result -> {
                    copying.set(false);
                    copied.set(true);
                    progress.set(1);
                    show(messages.get(result.alreadyPresent() ? "exportcopy.alreadyThere" : "exportcopy.copied", result.file().toString()),
                            false);
                    readBack.set(messages.get("exportcopy.readBack." + result.readBack().name(), result.sha256(), size(result.bytes())));
                    load();
                }, failure -> {
                    copying.set(false);
                    progress.set(0);
                    show(failureText(failure), true);
                    load();
                });
    }

    private String failureText(Exception failure) {
        return switch (failure) {
            case AuditUnavailableException unavailable -> messages.get("exportcopy.auditUnavailable", unavailable.getMessage());
            case CopyFailedException failed -> {
                String text = failed.denial().map(reason -> messages.get("policy.denied." + reason.name()))
                        .orElseGet(() -> messages.get("exportcopy.failure." + failed.failure().name()));
                yield failed.recorded() ? text : text + " " + messages.get("exportcopy.notRecorded");
            }
            default -> messages.get("exportcopy.failed", failure.getMessage());
        };
    }

    /// Stops the copy under way; what was written is removed.
    public void cancel() {
        cancelled.set(true);
    }

    public void done() {
        onDone.run();
    }

    public void back() {
        if (!copying.get()) {
            onBack.run();
        }
    }

    private void show(String text, boolean isError) {
        messageIsError.set(isError);
        message.set(text);
    }

    public ObservableList<Row> rows() {
        return rowsView;
    }

    public ReadOnlyObjectProperty<Row> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty copyingProperty() {
        return copying.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty copiedProperty() {
        return copied.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty messageIsErrorProperty() {
        return messageIsError.getReadOnlyProperty();
    }

    /// What was read back: the hash and size, and whether from the medium itself.
    public ReadOnlyStringProperty readBackProperty() {
        return readBack.getReadOnlyProperty();
    }
}
