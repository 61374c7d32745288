package mamori.ui.schedule;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import mamori.camera.AdministrationDeniedException;
import mamori.identity.Role;
import mamori.identity.Session;
import mamori.policy.DayWindow;
import mamori.policy.ExceptionDate;
import mamori.policy.ViewingSchedule;
import mamori.policy.WeeklyWindow;
import mamori.schedule.ScheduleOwner;
import mamori.schedule.ViewingHoursAdministration;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;

/// Viewing hours of one role or person at a time: the schedule is edited here (windows and
/// exceptions added and removed) and saved whole, or removed, through the administration service,
/// which checks the administrator's right and records old and new before the change counts.
public final class ScheduleViewModel {

    /// A role or a person, as the owner list shows them.
    public record Owner(String label, ScheduleOwner owner) {
        @Override
        public String toString() {
            return label;
        }
    }

    /// A weekly window as its table row shows it.
    public record WeeklyRow(WeeklyWindow window, String day, String hours) {
    }

    /// An exception date as its table row shows it.
    public record ExceptionRow(ExceptionDate exception, String date, String hours) {
    }

    /// One day of the week, for the choice list.
    public record Day(String label, DayOfWeek day) {
        @Override
        public String toString() {
            return label;
        }
    }

    private final Session administrator;
    private final ViewingHoursAdministration administration;
    private final Callable<Map<String, String>> personNames;
    private final TaskExecutor tasks;
    private final Messages messages;
    private final Runnable onBack;
    private final ObservableList<Owner> owners = FXCollections.observableArrayList();
    private final ObservableList<WeeklyRow> weekly = FXCollections.observableArrayList();
    private final ObservableList<ExceptionRow> exceptions = FXCollections.observableArrayList();
    private final List<Day> days = new ArrayList<>();
    private final ReadOnlyObjectWrapper<Owner> selected = new ReadOnlyObjectWrapper<>();
    private final ReadOnlyStringWrapper state = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper messageIsError = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper editable = new ReadOnlyBooleanWrapper();

    public ScheduleViewModel(Session administrator, ViewingHoursAdministration administration, Callable<Map<String, String>> personNames,
            TaskExecutor tasks, Messages messages, Runnable onBack) {
        this.administrator = administrator;
        this.administration = administration;
        this.personNames = personNames;
        this.tasks = tasks;
        this.messages = messages;
        this.onBack = onBack;
        for (DayOfWeek day : DayOfWeek.values()) {
            days.add(new Day(messages.get("schedule.day." + day.name()), day));
        }
    }

    /// Reads the people; the roles come first.
    public void load() {
        busy.set(true);
        tasks.execute(() -> {
            List<Owner> read = new ArrayList<>();
            for (Role role : Role.values()) {
                read.add(new Owner(messages.get("rights.role", messages.get("role." + role.name())), new ScheduleOwner.OfRole(role)));
            }
            personNames.call().entrySet().stream().sorted(Map.Entry.comparingByValue())
                    .forEach(person -> read.add(new Owner(person.getValue(), new ScheduleOwner.OfPerson(person.getKey()))));
            return read;
        }, read -> {
            busy.set(false);
            owners.setAll(read);
        }, failure -> {
            busy.set(false);
            show(messages.get("schedule.loadFailed", failure.getMessage()), true);
        });
    }

    /// Shows `owner`'s schedule as stored; unsaved edits of the previous owner are dropped.
    public void select(Owner owner) {
        if (owner == null) {
            return;
        }
        selected.set(owner);
        busy.set(true);
        tasks.execute(() -> administration.schedule(owner.owner()), schedule -> {
            busy.set(false);
            editable.set(true);
            show("", false);
            showSchedule(owner, schedule);
        }, failure -> {
            busy.set(false);
            show(messages.get("schedule.loadFailed", failure.getMessage()), true);
        });
    }

    private void showSchedule(Owner owner, Optional<ViewingSchedule> schedule) {
        weekly.setAll(schedule.map(ViewingSchedule::weekly).orElse(List.of()).stream().map(this::row).toList());
        exceptions.setAll(schedule.map(ViewingSchedule::exceptions).orElse(List.of()).stream().map(this::row).toList());
        boolean role = owner.owner() instanceof ScheduleOwner.OfRole;
        state.set(schedule.isPresent() ? messages.get("schedule.state.set")
                : messages.get(role ? "schedule.state.roleUnrestricted" : "schedule.state.personFollowsRoles"));
    }

    private WeeklyRow row(WeeklyWindow window) {
        String end = window.end().equals(LocalTime.MIDNIGHT) || !window.end().isAfter(window.start())
                ? messages.get("schedule.nextDay", window.end()) : window.end().toString();
        return new WeeklyRow(window, messages.get("schedule.day." + window.day().name()), window.start() + " - " + end);
    }

    private ExceptionRow row(ExceptionDate exception) {
        String hours = exception.closed() ? messages.get("schedule.closed")
                : String.join(", ", exception.hours().stream().map(window -> window.start() + " - " + window.end()).toList());
        return new ExceptionRow(exception, exception.date().toString(), hours);
    }

    /// Adds a weekly window from the typed times (`HH:mm`); an end at or before the start runs past midnight.
    public void addWeekly(Day day, String start, String end) {
        if (day == null) {
            show(messages.get("schedule.chooseDay"), true);
            return;
        }
        try {
            weekly.add(row(new WeeklyWindow(day.day(), LocalTime.parse(start.strip()), LocalTime.parse(end.strip()))));
            show(messages.get("schedule.unsaved"), false);
        } catch (DateTimeParseException e) {
            show(messages.get("schedule.badTime"), true);
        }
    }

    /// Adds an exception date (`yyyy-MM-dd`); blank hours close the day, otherwise `HH:mm-HH:mm`, several separated by spaces.
    public void addException(String date, String hours) {
        try {
            LocalDate day = LocalDate.parse(date.strip());
            List<DayWindow> windows = new ArrayList<>();
            for (String span : hours.strip().isEmpty() ? new String[0] : hours.strip().split("[\\s,]+")) {
                String[] ends = span.split("-");
                if (ends.length != 2) {
                    show(messages.get("schedule.badHours"), true);
                    return;
                }
                windows.add(new DayWindow(LocalTime.parse(ends[0]), LocalTime.parse(ends[1])));
            }
            if (exceptions.stream().anyMatch(row -> row.exception().date().equals(day))) {
                show(messages.get("schedule.duplicateDate", day), true);
                return;
            }
            exceptions.add(row(new ExceptionDate(day, windows)));
            exceptions.sort(java.util.Comparator.comparing(row -> row.exception().date()));
            show(messages.get("schedule.unsaved"), false);
        } catch (DateTimeParseException e) {
            show(messages.get("schedule.badDate"), true);
        } catch (IllegalArgumentException e) {
            show(messages.get("schedule.badHours"), true);
        }
    }

    public void removeWeekly(WeeklyRow row) {
        weekly.remove(row);
        show(messages.get("schedule.unsaved"), false);
    }

    public void removeException(ExceptionRow row) {
        exceptions.remove(row);
        show(messages.get("schedule.unsaved"), false);
    }

    /// Saves the edited schedule for the selected owner. An empty one allows no viewing at all.
    public void save() {
        Owner owner = selected.get();
        if (owner == null) {
            return;
        }
        ViewingSchedule schedule = new ViewingSchedule(weekly.stream().map(WeeklyRow::window).toList(),
                exceptions.stream().map(ExceptionRow::exception).toList());
        change(owner, () -> administration.set(administrator, owner.owner(), schedule),
                schedule.weekly().isEmpty() && schedule.exceptions().isEmpty() ? messages.get("schedule.savedEmpty", owner.label())
                        : messages.get("schedule.saved", owner.label()));
    }

    /// Removes the selected owner's schedule (a role is then unrestricted, a person follows their roles).
    public void clear() {
        Owner owner = selected.get();
        if (owner == null) {
            return;
        }
        change(owner, () -> administration.clear(administrator, owner.owner()), messages.get("schedule.cleared", owner.label()));
    }

    @FunctionalInterface
    private interface Change {
        void run() throws Exception;
    }

    private void change(Owner owner, Change change, String done) {
        busy.set(true);
        tasks.execute(() -> {
            change.run();
            return administration.schedule(owner.owner());
        }, schedule -> {
            busy.set(false);
            showSchedule(owner, schedule);
            show(done, false);
        }, failure -> {
            busy.set(false);
            show(failure instanceof AdministrationDeniedException denied
                    ? messages.get("policy.denied." + denied.reason().name())
                    : messages.get("schedule.changeFailed", failure.getMessage()), true);
        });
    }

    private void show(String text, boolean isError) {
        messageIsError.set(isError);
        message.set(text);
    }

    public void back() {
        onBack.run();
    }

    public ObservableList<Owner> owners() {
        return FXCollections.unmodifiableObservableList(owners);
    }

    public ObservableList<WeeklyRow> weekly() {
        return FXCollections.unmodifiableObservableList(weekly);
    }

    public ObservableList<ExceptionRow> exceptions() {
        return FXCollections.unmodifiableObservableList(exceptions);
    }

    public List<Day> days() {
        return List.copyOf(days);
    }

    public ReadOnlyObjectProperty<Owner> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty stateProperty() {
        return state.getReadOnlyProperty();
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

    public ReadOnlyBooleanProperty editableProperty() {
        return editable.getReadOnlyProperty();
    }
}
