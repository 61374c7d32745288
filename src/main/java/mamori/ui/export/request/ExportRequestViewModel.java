package mamori.ui.export.request;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import mamori.audit.AuditUnavailableException;
import mamori.audit.RecordingRange;
import mamori.export.ExportRefusedException;
import mamori.export.ExportRequest;
import mamori.export.ExportRequests;
import mamori.export.Recipient;
import mamori.export.RecipientKind;
import mamori.identity.Session;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;
import mamori.ui.export.ExportTexts;

/// The request form: the span (by default the position shown in the player, a few minutes either
/// side, within the recording), the purpose and the recipient. Submitting records the request; the
/// screen then waits for a supervisor and offers the approval on this terminal at once.
public final class ExportRequestViewModel {

    /// How much of the recording either side of the player's position a request covers unless changed.
    public static final Duration DEFAULT_HALF_SPAN = Duration.ofMinutes(2);
    private static final DateTimeFormatter TYPED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm[:ss]");

    private final Session session;
    private final String cameraId;
    private final String cameraTitle;
    private final Instant recordedFrom;
    private final Instant recordedTo;
    private final ExportRequests requests;
    private final TaskExecutor tasks;
    private final Messages messages;
    private final ZoneId zone;
    private final Runnable onBack;
    private final Consumer<ExportRequest> onApproveNow;
    private final StringProperty from = new SimpleStringProperty();
    private final StringProperty to = new SimpleStringProperty();
    private final StringProperty purpose = new SimpleStringProperty("");
    private final ObjectProperty<RecipientKind> recipientKind = new SimpleObjectProperty<>(RecipientKind.POLICE);
    private final StringProperty recipientText = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper statusIsError = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper submitted = new ReadOnlyBooleanWrapper();
    private ExportRequest request;

    public ExportRequestViewModel(Session session, String cameraId, String cameraTitle, Instant position, Instant recordedFrom,
            Instant recordedTo, ExportRequests requests, TaskExecutor tasks, Messages messages, ZoneId zone, Runnable onBack,
            Consumer<ExportRequest> onApproveNow) {
        this.session = session;
        this.cameraId = cameraId;
        this.cameraTitle = cameraTitle;
        this.recordedFrom = recordedFrom;
        this.recordedTo = recordedTo;
        this.requests = requests;
        this.tasks = tasks;
        this.messages = messages;
        this.zone = zone;
        this.onBack = onBack;
        this.onApproveNow = onApproveNow;
        Instant start = latest(position.minus(DEFAULT_HALF_SPAN), recordedFrom);
        Instant end = earliest(position.plus(DEFAULT_HALF_SPAN), recordedTo);
        from.set(ExportTexts.time(start, zone));
        to.set(ExportTexts.time(end.isAfter(start) ? end : recordedTo, zone));
    }

    public String cameraTitle() {
        return cameraTitle;
    }

    public String recordedText() {
        return messages.get("export.request.recorded", ExportTexts.time(recordedFrom, zone), ExportTexts.time(recordedTo, zone));
    }

    /// Records the request (the policy and the log first); says what is wrong with the form instead.
    public void submit() {
        if (submitted.get() || busy.get()) {
            return;
        }
        Optional<RecordingRange> span = span();
        if (span.isEmpty()) {
            return;
        }
        if (purpose.get() == null || purpose.get().isBlank()) {
            showError(messages.get("export.request.purposeMissing"));
            return;
        }
        Recipient recipient;
        try {
            recipient = new Recipient(recipientKind.get(), recipientText.get());
        } catch (IllegalArgumentException e) {
            showError(messages.get("export.request.recipientMissing"));
            return;
        }
        busy.set(true);
        showInfo(messages.get("export.request.sending"));
        String stated = purpose.get();
        tasks.execute(() -> requests.request(session, cameraId, span.get(), stated, recipient), made -> {
            busy.set(false);
            request = made;
            submitted.set(true);
            showInfo(messages.get("export.request.waiting", ExportTexts.time(made.expiresAt(), zone)));
        }, failure -> {
            busy.set(false);
            showError(switch (failure) {
                case ExportRefusedException refused -> ExportTexts.refusal(refused, messages);
                case AuditUnavailableException unavailable -> messages.get("export.auditUnavailable", unavailable.getMessage());
                default -> messages.get("export.failed", failure.getMessage());
            });
        });
    }

    private Optional<RecordingRange> span() {
        Optional<Instant> start = parse(from.get());
        Optional<Instant> end = parse(to.get());
        if (start.isEmpty() || end.isEmpty()) {
            showError(messages.get("export.request.badTime"));
            return Optional.empty();
        }
        if (!end.get().isAfter(start.get())) {
            showError(messages.get("export.request.endBeforeStart"));
            return Optional.empty();
        }
        if (start.get().isBefore(recordedFrom) || end.get().isAfter(recordedTo)) {
            showError(messages.get("export.request.outsideRecording", ExportTexts.time(recordedFrom, zone), ExportTexts.time(recordedTo, zone)));
            return Optional.empty();
        }
        return Optional.of(new RecordingRange(start.get(), end.get()));
    }

    private Optional<Instant> parse(String typed) {
        try {
            return Optional.of(LocalDateTime.parse(typed == null ? "" : typed.strip(), TYPED).atZone(zone).toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /// Opens the on-screen approval for the request just made.
    public void approveNow() {
        if (request != null) {
            onApproveNow.accept(request);
        }
    }

    public void back() {
        onBack.run();
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private void showInfo(String text) {
        status.set(text);
        statusIsError.set(false);
    }

    private void showError(String text) {
        status.set(text);
        statusIsError.set(true);
    }

    public StringProperty fromProperty() {
        return from;
    }

    public StringProperty toProperty() {
        return to;
    }

    public StringProperty purposeProperty() {
        return purpose;
    }

    public ObjectProperty<RecipientKind> recipientKindProperty() {
        return recipientKind;
    }

    public StringProperty recipientTextProperty() {
        return recipientText;
    }

    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty statusIsErrorProperty() {
        return statusIsError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty submittedProperty() {
        return submitted.getReadOnlyProperty();
    }
}
