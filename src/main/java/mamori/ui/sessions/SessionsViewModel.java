package mamori.ui.sessions;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import mamori.identity.Session;
import mamori.identity.SessionDirectory;
import mamori.identity.SessionRepository.OpenSession;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;

/// The login-status screen: the open sessions of every terminal as rows, and the forced logout of one
/// (offered where [SessionDirectory#mayForceOut] allows it; the directory checks again).
public final class SessionsViewModel {

    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final Session viewer;
    private final SessionDirectory directory;
    private final Clock clock;
    private final TaskExecutor tasks;
    private final Messages messages;
    private final ZoneId zone;
    private final Runnable onBack;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<Row> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper messageIsError = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();

    public SessionsViewModel(Session viewer, SessionDirectory directory, Clock clock, TaskExecutor tasks, Messages messages, ZoneId zone,
            Runnable onBack) {
        this.viewer = viewer;
        this.directory = directory;
        this.clock = clock;
        this.tasks = tasks;
        this.messages = messages;
        this.zone = zone;
        this.onBack = onBack;
    }

    public void load() {
        busy.set(true);
        tasks.execute(() -> directory.openSessions().stream().map(this::row).toList(), read -> {
            busy.set(false);
            rows.setAll(read);
        }, failure -> {
            busy.set(false);
            showError(messages.get("sessions.loadFailed", failure.getMessage()));
        });
    }

    private Row row(OpenSession open) {
        Instant now = clock.instant();
        boolean own = open.sessionId().equals(viewer.id());
        return new Row(open.sessionId(), open.terminal().id(), open.person().displayName() + (own ? messages.get("sessions.you") : ""),
                messages.get("role." + open.person().primaryRole().name()),
                messages.get("sessions.terminalName", open.terminal().id(), open.terminal().name()),
                DAY_TIME.format(open.startedAt().atZone(zone)), elapsed(Duration.between(open.startedAt(), now)),
                TIME.format(open.lastActivity().atZone(zone)),
                messages.get(open.locked() ? "sessions.state.locked" : "sessions.state.active"), open.locked(),
                !own && SessionDirectory.mayForceOut(viewer.person(), open.person()));
    }

    private static String elapsed(Duration duration) {
        Duration positive = duration.isNegative() ? Duration.ZERO : duration;
        return "%d:%02d".formatted(positive.toHours(), positive.toMinutesPart());
    }

    /// Ends `row`'s session; says what happened and reads the list again.
    public void forceOut(Row row) {
        if (!row.mayForceOut()) {
            return;
        }
        busy.set(true);
        tasks.execute(() -> directory.forceOut(row.sessionId(), viewer), outcome -> {
            String text = messages.get("sessions.forced." + outcome.name(), row.person(), row.terminal());
            if (outcome == SessionDirectory.ForcedLogout.DONE) {
                showInfo(text);
            } else {
                showError(text);
            }
            load();
        }, failure -> {
            busy.set(false);
            showError(messages.get("sessions.forceFailed", failure.getMessage()));
        });
    }

    public void back() {
        onBack.run();
    }

    private void showInfo(String text) {
        message.set(text);
        messageIsError.set(false);
    }

    private void showError(String text) {
        message.set(text);
        messageIsError.set(true);
    }

    public ObservableList<Row> rows() {
        return rowsView;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty messageIsErrorProperty() {
        return messageIsError.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /// One open session as the table shows it.
    public record Row(String sessionId, String terminalId, String person, String role, String terminal, String since, String elapsed,
            String lastActivity, String state, boolean locked, boolean mayForceOut) {
    }

    /// The rows' column headings, in order (the view builds one column per entry).
    public List<String> headings() {
        return List.of(messages.get("sessions.person"), messages.get("sessions.role"), messages.get("sessions.terminal"),
                messages.get("sessions.since"), messages.get("sessions.elapsed"), messages.get("sessions.lastActivity"),
                messages.get("sessions.state"));
    }
}
