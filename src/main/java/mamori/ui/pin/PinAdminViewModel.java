package mamori.ui.pin;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import mamori.audit.AuditUnavailableException;
import mamori.identity.Role;
import mamori.identity.Session;
import mamori.pin.PinAdministration;
import mamori.pin.PinRefusedException;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;

/// The administrators' PIN screen: one switch per role ("PIN required after the finger"), the people
/// with whether they have a PIN and any PIN-instead-of-finger allowance, and for the chosen person
/// reset, allow (with a reason, and the person's first PIN when they have none) and withdraw. Every
/// change goes through [PinAdministration], which records it first; a refusal of the log changes
/// nothing and is shown.
public final class PinAdminViewModel {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    /// One person's line.
    public record Row(String personId, String name, String pin, String pinAlone) {
    }

    private final Session session;
    private final PinAdministration administration;
    private final TaskExecutor tasks;
    private final Messages messages;
    private final ZoneId zone;
    private final Runnable onBack;
    private final Map<Role, BooleanProperty> roleRequired = new EnumMap<>(Role.class);
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<Optional<Row>> selected = new ReadOnlyObjectWrapper<>(Optional.empty());
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper messageIsError = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    /// While the switches are being filled from the store, their changes are not requests.
    private boolean loading;

    public PinAdminViewModel(Session session, PinAdministration administration, TaskExecutor tasks, Messages messages, ZoneId zone,
            Runnable onBack) {
        this.session = session;
        this.administration = administration;
        this.tasks = tasks;
        this.messages = messages;
        this.zone = zone;
        this.onBack = onBack;
        for (Role role : Role.values()) {
            BooleanProperty required = new SimpleBooleanProperty();
            required.addListener((property, was, now) -> {
                if (!loading && was != now) {
                    requireForRole(role, now);
                }
            });
            roleRequired.put(role, required);
        }
    }

    public void load() {
        busy.set(true);
        tasks.execute(administration::overview, this::show, failure -> {
            busy.set(false);
            showError(messages.get("pin.failed", failure.getMessage()));
        });
    }

    private void show(PinAdministration.Overview overview) {
        busy.set(false);
        loading = true;
        overview.roleRules().forEach((role, required) -> roleRequired.get(role).set(required));
        loading = false;
        Optional<String> chosen = selected.get().map(Row::personId);
        rows.setAll(overview.people().stream().map(person -> new Row(person.person().id(), person.person().displayName(),
                messages.get(person.hasPin() ? "pin.admin.pinSet" : "pin.admin.pinNone"),
                person.pinAlone().map(allowed -> messages.get("pin.admin.aloneAllowed", allowed.reason(), allowed.allowedBy(),
                        DAY.format(allowed.allowedAt().atZone(zone)))).orElse(messages.get("pin.admin.aloneNone")))).toList());
        selected.set(chosen.flatMap(id -> rows.stream().filter(row -> row.personId().equals(id)).findFirst()));
    }

    public void select(Row row) {
        selected.set(Optional.ofNullable(row));
    }

    private void requireForRole(Role role, boolean required) {
        String roleName = messages.get("role." + role.name());
        change(() -> administration.requireForRole(session, role, required),
                messages.get("pin.admin.roleChanged", roleName, messages.get(required ? "pin.admin.on" : "pin.admin.off")));
    }

    public void resetPin() {
        withSelected(row -> change(() -> administration.resetPin(session, row.personId()), messages.get("pin.admin.resetDone", row.name())));
    }

    /// `firstPin` and `repeat` are wiped once used; both may be empty when the person already has a PIN.
    public void allowPinAlone(String reason, char[] firstPin, char[] repeat) {
        if (selected.get().isEmpty()) {
            java.util.Arrays.fill(firstPin, '\0');
            java.util.Arrays.fill(repeat, '\0');
        }
        withSelected(row -> change(() -> administration.allowPinAlone(session, row.personId(), reason, firstPin, repeat),
                messages.get("pin.admin.allowed", row.name())));
    }

    public void withdrawPinAlone() {
        withSelected(row -> change(() -> administration.withdrawPinAlone(session, row.personId()),
                messages.get("pin.admin.withdrawn", row.name())));
    }

    private void withSelected(java.util.function.Consumer<Row> action) {
        if (busy.get()) {
            return;
        }
        selected.get().ifPresentOrElse(action, () -> showError(messages.get("pin.admin.selectPerson")));
    }

    @FunctionalInterface
    private interface Change {
        void run() throws Exception;
    }

    private void change(Change change, String done) {
        busy.set(true);
        tasks.execute(() -> {
            change.run();
            return administration.overview();
        }, overview -> {
            show(overview);
            showInfo(done);
        }, failure -> {
            busy.set(false);
            showError(switch (failure) {
                case PinRefusedException refused -> PinMessages.refusal(refused, messages);
                case AuditUnavailableException unavailable -> messages.get("pin.auditFailed", unavailable.getMessage());
                default -> messages.get("pin.failed", failure.getMessage());
            });
            load();
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

    /// The switch for `role`; the screen's check box is bound to it both ways.
    public BooleanProperty roleRequiredProperty(Role role) {
        return roleRequired.get(role);
    }

    public ObservableList<Row> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    public ReadOnlyObjectProperty<Optional<Row>> selectedProperty() {
        return selected.getReadOnlyProperty();
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
}
