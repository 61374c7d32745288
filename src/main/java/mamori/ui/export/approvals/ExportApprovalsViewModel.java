package mamori.ui.export.approvals;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import mamori.export.ExportRequest;
import mamori.export.ExportRequests;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;
import mamori.ui.export.ExportTexts;

/// The requests waiting for a decision (those found overdue expire as the list is read).
public final class ExportApprovalsViewModel {

    private final ExportRequests requests;
    private final Map<String, String> cameraNames;
    private final TaskExecutor tasks;
    private final Messages messages;
    private final ZoneId zone;
    private final Consumer<ExportRequest> onOpen;
    private final Runnable onBack;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper("");

    public ExportApprovalsViewModel(ExportRequests requests, Map<String, String> cameraNames, TaskExecutor tasks, Messages messages,
            ZoneId zone, Consumer<ExportRequest> onOpen, Runnable onBack) {
        this.requests = requests;
        this.cameraNames = cameraNames;
        this.tasks = tasks;
        this.messages = messages;
        this.zone = zone;
        this.onOpen = onOpen;
        this.onBack = onBack;
    }

    public void load() {
        summary.set(messages.get("export.approvals.loading"));
        tasks.execute(requests::pending, pending -> {
            List<Row> read = pending.stream().map(request -> new Row(request, messages.get("export.approvals.row",
                    cameraNames.getOrDefault(request.cameraId(), request.cameraId()), ExportTexts.span(request.span(), zone),
                    request.requesterName(), ExportTexts.recipient(request.recipient(), messages), request.purpose(),
                    ExportTexts.time(request.expiresAt(), zone)))).toList();
            rows.setAll(read);
            summary.set(read.isEmpty() ? messages.get("export.approvals.none") : messages.get("export.approvals.count", read.size()));
        }, failure -> summary.set(messages.get("export.failed", failure.getMessage())));
    }

    public void open(Row row) {
        onOpen.accept(row.request());
    }

    public void back() {
        onBack.run();
    }

    public ObservableList<Row> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    /// One waiting request and how the list writes it.
    public record Row(ExportRequest request, String text) {
    }
}
