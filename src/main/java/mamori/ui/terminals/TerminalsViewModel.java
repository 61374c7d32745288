package mamori.ui.terminals;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import mamori.audit.AuditUnavailableException;
import mamori.identity.Session;
import mamori.terminals.KnownTerminal;
import mamori.terminals.TerminalAdministration;
import mamori.terminals.TerminalRefusedException;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;

/// The terminals of this database: id, name, machine (shortened), when and by whom registered, this
/// PC marked. Registers this PC when it is not, renames the chosen terminal and withdraws another
/// terminal's registration; the service checks the right and records each change first.
public final class TerminalsViewModel {

    /// How many characters of a machine fingerprint the table shows: enough to tell PCs apart.
    static final int MACHINE_SHOWN = 12;

    /// A terminal as the table shows it.
    public record Row(String terminalId, String name, String here, String machine, String registered, String by,
            boolean thisTerminal, boolean registeredAnywhere) {
    }

    private final Session administrator;
    private final TerminalAdministration terminals;
    private final TaskExecutor.BackgroundWork<Map<String, String>> personNames;
    private final TaskExecutor tasks;
    private final Messages messages;
    private final DateTimeFormatter format;
    private final Runnable onBack;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<Row> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ReadOnlyObjectWrapper<Optional<Row>> selected = new ReadOnlyObjectWrapper<>(Optional.empty());
    private final StringProperty newName = new SimpleStringProperty("");
    private final ReadOnlyBooleanWrapper withdrawAllowed = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper registerOffered = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper registration = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper messageIsError = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();

    public TerminalsViewModel(Session administrator, TerminalAdministration terminals,
            TaskExecutor.BackgroundWork<Map<String, String>> personNames, TaskExecutor tasks, Messages messages, ZoneId zone,
            Runnable onBack) {
        this.administrator = administrator;
        this.terminals = terminals;
        this.personNames = personNames;
        this.tasks = tasks;
        this.messages = messages;
        this.format = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone);
        this.onBack = onBack;
    }

    private record Read(List<Row> rows, boolean thisPcRegistered) {
    }

    public void load() {
        busy.set(true);
        tasks.execute(this::read, read -> {
            busy.set(false);
            rows.setAll(read.rows());
            registerOffered.set(!read.thisPcRegistered());
            registration.set(messages.get(read.thisPcRegistered() ? "terminals.thisPcRegistered" : "terminals.thisPcUnregistered"));
            String chosen = selected.get().map(Row::terminalId).orElse(null);
            select(read.rows().stream().filter(row -> row.terminalId().equals(chosen)).findFirst().orElse(null));
        }, failure -> {
            busy.set(false);
            show(messages.get("terminals.loadFailed", failure.getMessage()), true);
        });
    }

    private Read read() throws Exception {
        Map<String, String> names = personNames.run();
        String machine = terminals.thisMachine();
        List<Row> read = new ArrayList<>();
        for (KnownTerminal terminal : terminals.terminals()) {
            String registered;
            if (terminal.registeredAt().isEmpty()) {
                registered = messages.get("terminals.unregistered");
            } else if (!terminal.registeredHere(machine)) {
                registered = messages.get("terminals.anotherMachine", format.format(terminal.registeredAt().get()));
            } else {
                registered = format.format(terminal.registeredAt().get());
            }
            String by = terminal.registeredBy().map(id -> names.getOrDefault(id, id)).orElse("");
            String shown = terminal.machine().map(fingerprint -> fingerprint.substring(0, Math.min(MACHINE_SHOWN, fingerprint.length())))
                    .orElse("");
            read.add(new Row(terminal.id(), terminal.name(), terminal.thisTerminal() ? messages.get("terminals.thisPc") : "", shown,
                    registered, by, terminal.thisTerminal(), terminal.registeredAt().isPresent()));
        }
        return new Read(read, terminals.thisPcRegistered());
    }

    /// Chooses the terminal the rename and withdraw act on; null chooses none.
    public void select(Row row) {
        selected.set(Optional.ofNullable(row));
        newName.set(row == null ? "" : row.name());
        withdrawAllowed.set(row != null && !row.thisTerminal() && row.registeredAnywhere());
    }

    /// Selects the terminal with `terminalId`.
    public void select(String terminalId) {
        select(rows.stream().filter(row -> row.terminalId().equals(terminalId)).findFirst().orElse(null));
    }

    /// Registers this terminal on this PC (recorded first).
    public void registerThisPc() {
        run(() -> terminals.registerThisPc(administrator), messages.get("terminals.registered"));
    }

    /// Gives the chosen terminal the name typed in.
    public void rename() {
        Optional<Row> terminal = selected.get();
        if (terminal.isEmpty()) {
            show(messages.get("terminals.choose"), true);
            return;
        }
        String name = newName.get();
        run(() -> terminals.rename(administrator, terminal.get().terminalId(), name),
                messages.get("terminals.renamed", terminal.get().terminalId(), name == null ? "" : name.strip()));
    }

    /// Withdraws the chosen terminal's registration (not this PC's).
    public void withdraw() {
        Optional<Row> terminal = selected.get();
        if (terminal.isEmpty()) {
            show(messages.get("terminals.choose"), true);
            return;
        }
        run(() -> terminals.withdraw(administrator, terminal.get().terminalId()),
                messages.get("terminals.withdrawn", terminal.get().terminalId()));
    }

    @FunctionalInterface
    private interface Change {
        void make() throws Exception;
    }

    private void run(Change change, String done) {
        busy.set(true);
        show("", false);
        tasks.execute(() -> {
            change.make();
            return null;
        }, nothing -> {
            busy.set(false);
            show(done, false);
            load();
        }, failure -> {
            busy.set(false);
            show(switch (failure) {
                case TerminalRefusedException refused when refused.reason() == TerminalRefusedException.Reason.NOT_PERMITTED ->
                        messages.get("policy.denied." + refused.denial().orElseThrow().name());
                case TerminalRefusedException refused -> messages.get("terminals.refused." + refused.reason().name());
                case AuditUnavailableException unavailable -> messages.get("terminals.auditUnavailable", unavailable.getMessage());
                default -> messages.get("terminals.changeFailed", failure.getMessage());
            }, true);
            load();
        });
    }

    private void show(String text, boolean isError) {
        messageIsError.set(isError);
        message.set(text);
    }

    public void back() {
        onBack.run();
    }

    public ObservableList<Row> rows() {
        return rowsView;
    }

    public ReadOnlyObjectProperty<Optional<Row>> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    /// The name for the chosen terminal, as typed (the chosen terminal's name when chosen).
    public StringProperty newNameProperty() {
        return newName;
    }

    /// Whether the chosen terminal's registration may be withdrawn here (another terminal, registered).
    public ReadOnlyBooleanProperty withdrawAllowedProperty() {
        return withdrawAllowed.getReadOnlyProperty();
    }

    /// Whether "register this PC" is offered (this PC is not registered).
    public ReadOnlyBooleanProperty registerOfferedProperty() {
        return registerOffered.getReadOnlyProperty();
    }

    /// Whether this PC is registered, in words.
    public ReadOnlyStringProperty registrationProperty() {
        return registration.getReadOnlyProperty();
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
