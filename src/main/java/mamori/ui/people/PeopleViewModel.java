package mamori.ui.people;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import mamori.audit.AuditUnavailableException;
import mamori.enrolment.EnrolmentRefusedException;
import mamori.enrolment.Finger;
import mamori.enrolment.FingerEnrolment;
import mamori.enrolment.PeopleAdministration;
import mamori.fingerprint.Deletion;
import mamori.fingerprint.Enrolment;
import mamori.fingerprint.EnrolmentListener;
import mamori.fingerprint.EnrolmentStep;
import mamori.fingerprint.FingerSimulator;
import mamori.fingerprint.FingerSimulator.SimulatedFinger;
import mamori.identity.Person;
import mamori.identity.Role;
import mamori.identity.Session;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;

/// Everybody and their enrolled fingers; for the person chosen, enrol a finger (the captures are
/// guided step by step: place, lift, place again, what was wrong with a capture), re-enrol or
/// remove one. People are added, their roles changed and they are deactivated or reactivated here
/// too. The enrolment and people services check the administrator's right and record every change;
/// a change the log refuses is not made, and the screen says why.
public final class PeopleViewModel {

    /// At least this many fingers per person, so one cut or bandaged finger does not lock them out.
    public static final int RECOMMENDED_FINGERS = 2;

    /// A person as the table shows them.
    public record Row(String personId, String name, String roles, String active, String fingers, String warning,
            String shortWarning, List<FingerRow> enrolled, Set<Role> roleSet, boolean isActive) {
    }

    /// One enrolled finger of the chosen person.
    public record FingerRow(int templateId, String finger, String label) {
    }

    /// One entry of a choice list.
    public record Choice<T>(String label, T value) {
        @Override
        public String toString() {
            return label;
        }
    }

    private final Session administrator;
    private final FingerEnrolment enrolment;
    private final PeopleAdministration administration;
    private final Optional<FingerSimulator> simulator;
    private final TaskExecutor tasks;
    private final Messages messages;
    private final Runnable onBack;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<FingerRow> fingers = FXCollections.observableArrayList();
    private final ObservableList<Choice<Finger>> fingerChoices = FXCollections.observableArrayList();
    private final ObservableList<Row> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<FingerRow> fingersView = FXCollections.unmodifiableObservableList(fingers);
    private final ObservableList<Choice<Finger>> fingerChoicesView = FXCollections.unmodifiableObservableList(fingerChoices);
    private final ReadOnlyObjectWrapper<Optional<Row>> selected = new ReadOnlyObjectWrapper<>(Optional.empty());
    private final ReadOnlyStringWrapper selectedTitle = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper selectedWarning = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper prompt = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper promptIsProblem = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper messageIsError = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final Map<Role, BooleanProperty> chosenRoles = new EnumMap<>(Role.class);
    private final ReadOnlyStringWrapper activeToggle = new ReadOnlyStringWrapper("");
    private final StringProperty newName = new SimpleStringProperty("");
    private final Map<Role, BooleanProperty> newRoles = new EnumMap<>(Role.class);

    public PeopleViewModel(Session administrator, FingerEnrolment enrolment, PeopleAdministration administration,
            Optional<FingerSimulator> simulator, TaskExecutor tasks, Messages messages, Runnable onBack) {
        this.administrator = administrator;
        this.enrolment = enrolment;
        this.administration = administration;
        for (Role role : Role.values()) {
            newRoles.put(role, new SimpleBooleanProperty());
            chosenRoles.put(role, new SimpleBooleanProperty());
        }
        this.simulator = simulator;
        this.tasks = tasks;
        this.messages = messages;
        this.onBack = onBack;
        selectedTitle.set(messages.get("people.choosePerson"));
    }

    public void load() {
        busy.set(true);
        tasks.execute(this::read, read -> {
            busy.set(false);
            rows.setAll(read);
            String chosen = selected.get().map(Row::personId).orElse(null);
            select(read.stream().filter(row -> row.personId().equals(chosen)).findFirst().orElse(null));
        }, failure -> {
            busy.set(false);
            show(messages.get("people.loadFailed", failure.getMessage()), true);
        });
    }

    private List<Row> read() throws Exception {
        List<Row> read = new ArrayList<>();
        for (FingerEnrolment.PersonFingers person : enrolment.people()) {
            List<FingerRow> enrolled = person.fingers().stream()
                    .map(finger -> new FingerRow(finger.templateId(), finger.finger(), fingerName(finger.finger()))).toList();
            String roles = person.person().roles().stream().sorted().map(role -> messages.get("role." + role.name()))
                    .collect(Collectors.joining("、"));
            Person who = person.person();
            read.add(new Row(who.id(), who.displayName(), roles, messages.get(who.active() ? "people.active" : "people.inactive"),
                    enrolled.isEmpty() ? messages.get("people.noFingers")
                            : messages.get("people.fingerCount", enrolled.size(),
                                    enrolled.stream().map(FingerRow::label).collect(Collectors.joining("、"))),
                    enrolled.size() < RECOMMENDED_FINGERS ? messages.get("people.fewFingers", RECOMMENDED_FINGERS) : "",
                    enrolled.size() < RECOMMENDED_FINGERS ? messages.get("people.fewFingersShort", RECOMMENDED_FINGERS) : "", enrolled,
                    who.roles(), who.active()));
        }
        return read;
    }

    private String fingerName(String code) {
        return messages.get("finger." + code);
    }

    /// Chooses whose fingers the lower half shows; null chooses nobody.
    public void select(Row row) {
        selected.set(Optional.ofNullable(row));
        if (row == null) {
            fingers.clear();
            fingerChoices.clear();
            selectedTitle.set(messages.get("people.choosePerson"));
            selectedWarning.set("");
            chosenRoles.values().forEach(held -> held.set(false));
            activeToggle.set("");
            return;
        }
        chosenRoles.forEach((role, held) -> held.set(row.roleSet().contains(role)));
        activeToggle.set(messages.get(row.isActive() ? "people.deactivate" : "people.activate"));
        fingers.setAll(row.enrolled());
        List<Choice<Finger>> free = new ArrayList<>();
        for (Finger finger : Finger.values()) {
            if (row.enrolled().stream().noneMatch(held -> held.finger().equals(finger.name()))) {
                free.add(new Choice<>(fingerName(finger.name()), finger));
            }
        }
        fingerChoices.setAll(free);
        selectedTitle.set(messages.get("people.fingersOf", row.name()));
        selectedWarning.set(row.warning());
    }

    /// Selects the person with `personId` (for tests and for returning to the same person).
    public void select(String personId) {
        select(rows.stream().filter(row -> row.personId().equals(personId)).findFirst().orElse(null));
    }

    /// Enrols `finger` of the chosen person; the prompt follows the reader's steps.
    public void enrol(Choice<Finger> finger) {
        Optional<Row> person = selected.get();
        if (person.isEmpty() || finger == null) {
            show(messages.get("people.chooseFinger"), true);
            return;
        }
        String name = person.get().name();
        String fingerName = finger.label();
        capture(() -> enrolment.enrol(administrator, person.get().personId(), finger.value(), listener()), name, fingerName);
    }

    /// Enrols the finger at `row` again (removal then enrolment, both recorded).
    public void reenrol(FingerRow row) {
        Optional<Row> person = selected.get();
        if (person.isEmpty()) {
            return;
        }
        capture(() -> enrolment.reenrol(administrator, person.get().personId(), row.templateId(), listener()), person.get().name(), row.label());
    }

    /// Removes the finger at `row`.
    public void remove(FingerRow row) {
        Optional<Row> person = selected.get();
        if (person.isEmpty()) {
            return;
        }
        String name = person.get().name();
        busy.set(true);
        show("", false);
        tasks.execute(() -> enrolment.remove(administrator, person.get().personId(), row.templateId()), deletion -> {
            busy.set(false);
            switch (deletion) {
                case Deletion.Deleted deleted -> show(messages.get("people.removed", name, row.label()), false);
                case Deletion.Failed failed -> show(messages.get("people.removedTemplateLeft", name, row.label(), failed.message()), true);
            }
            load();
        }, this::failed);
    }

    private void capture(TaskExecutor.BackgroundWork<Enrolment> work, String name, String fingerName) {
        busy.set(true);
        show("", false);
        tasks.execute(work, result -> {
            busy.set(false);
            prompt.set("");
            promptIsProblem.set(false);
            switch (result) {
                case Enrolment.Stored stored -> show(messages.get("people.enrolled", name, fingerName, stored.templateId()), false);
                case Enrolment.CapturesMismatch mismatch -> show(messages.get("people.result.mismatch"), true);
                case Enrolment.AlreadyEnrolled already -> show(alreadyEnrolled(already.templateId()), true);
                case Enrolment.TooManyPoorCaptures poor ->
                        show(messages.get("people.result.poor", messages.get("people.problem." + poor.problem().name())), true);
                case Enrolment.NoFinger none -> show(messages.get("people.result.noFinger"), true);
                case Enrolment.FingerNotLifted notLifted -> show(messages.get("people.result.notLifted"), true);
                case Enrolment.LibraryFull full -> show(messages.get("people.result.full", full.capacity()), true);
                case Enrolment.ReaderFault fault -> show(messages.get("people.result.readerFault", fault.message()), true);
            }
            load();
        }, failure -> {
            prompt.set("");
            promptIsProblem.set(false);
            failed(failure);
        });
    }

    /// Adds an active person with the name and roles typed in, then chooses them (to enrol their
    /// fingers) and empties the form.
    public void addPerson() {
        String name = newName.get();
        Set<Role> roles = ticked(newRoles);
        if (name == null || name.isBlank() || roles.isEmpty()) {
            show(messages.get("people.nameAndRole"), true);
            return;
        }
        busy.set(true);
        show("", false);
        tasks.execute(() -> administration.add(administrator, name, EnumSet.copyOf(roles)), added -> {
            busy.set(false);
            show(messages.get("people.added", added.displayName()), false);
            newName.set("");
            newRoles.values().forEach(chosen -> chosen.set(false));
            selected.set(Optional.of(new Row(added.id(), added.displayName(), "", "", "", "", "", List.of(), added.roles(), true)));
            load();
        }, this::failed);
    }

    /// Gives the chosen person exactly the roles ticked (the service refuses none, or taking the last
    /// administrator's); a refused change ticks the stored roles again.
    public void saveRoles() {
        Set<Role> roles = ticked(chosenRoles);
        Optional<Row> person = selected.get();
        if (person.isEmpty()) {
            show(messages.get("people.choosePerson"), true);
            return;
        }
        if (roles.isEmpty()) {
            show(messages.get("people.refused.NO_ROLE"), true);
            return;
        }
        String name = person.get().name();
        busy.set(true);
        show("", false);
        tasks.execute(() -> {
            administration.setRoles(administrator, person.get().personId(), EnumSet.copyOf(roles));
            return null;
        }, done -> {
            busy.set(false);
            show(messages.get("people.rolesSaved", name), false);
            load();
        }, this::failed);
    }

    /// Deactivates the chosen person when active (their fingers no longer log in), reactivates them otherwise.
    public void toggleActive() {
        Optional<Row> person = selected.get();
        if (person.isEmpty()) {
            show(messages.get("people.choosePerson"), true);
            return;
        }
        boolean activate = !person.get().isActive();
        String name = person.get().name();
        busy.set(true);
        show("", false);
        tasks.execute(() -> {
            administration.setActive(administrator, person.get().personId(), activate);
            return null;
        }, done -> {
            busy.set(false);
            show(messages.get(activate ? "people.activated" : "people.deactivated", name), false);
            load();
        }, this::failed);
    }

    private static Set<Role> ticked(Map<Role, BooleanProperty> boxes) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        boxes.forEach((role, ticked) -> {
            if (ticked.get()) {
                roles.add(role);
            }
        });
        return roles;
    }

    private String alreadyEnrolled(int templateId) {
        try {
            return enrolment.ownerOf(templateId).map(owner -> messages.get("people.result.alreadyEnrolled", owner.displayName()))
                    .orElse(messages.get("people.result.alreadyOnReader", templateId));
        } catch (Exception e) {
            return messages.get("people.result.alreadyOnReader", templateId);
        }
    }

    private void failed(Exception failure) {
        busy.set(false);
        String text = switch (failure) {
            case EnrolmentRefusedException refused when refused.reason() == EnrolmentRefusedException.Reason.NOT_PERMITTED ->
                    messages.get("policy.denied." + refused.denial().orElseThrow().name());
            case EnrolmentRefusedException refused -> messages.get("people.refused." + refused.reason().name());
            case AuditUnavailableException unavailable -> messages.get("people.auditUnavailable", unavailable.getMessage());
            default -> messages.get("people.changeFailed", failure.getMessage());
        };
        show(text, true);
        load();
    }

    /// The reader's steps, shown as they come (they arrive on the reader's thread).
    private EnrolmentListener listener() {
        return step -> {
            String text = switch (step) {
                case EnrolmentStep.PlaceFinger place -> messages.get(place.again() ? "people.step.placeAgain" : "people.step.place",
                        place.capture(), place.captures());
                case EnrolmentStep.CaptureTaken taken -> messages.get("people.step.taken", taken.capture());
                case EnrolmentStep.LiftFinger lift -> messages.get("people.step.lift");
                case EnrolmentStep.CaptureRejected rejected -> messages.get("people.step.rejected",
                        messages.get("people.problem." + rejected.problem().name()));
            };
            boolean problem = step instanceof EnrolmentStep.CaptureRejected;
            tasks.onUiThread(() -> {
                // A rejection stays readable while the reader asks for the finger again.
                if (problem || !promptIsProblem.get() || !(step instanceof EnrolmentStep.PlaceFinger)) {
                    prompt.set(text);
                    promptIsProblem.set(problem);
                } else {
                    prompt.set(prompt.get() + "\n" + text);
                }
            });
        };
    }

    private void show(String text, boolean isError) {
        messageIsError.set(isError);
        message.set(text);
    }

    public void back() {
        onBack.run();
    }

    public boolean hasSimulator() {
        return simulator.isPresent();
    }

    public List<SimulatedFinger> simulatedFingers() {
        return simulator.map(FingerSimulator::fingers).orElse(List.of());
    }

    public void place(SimulatedFinger finger) {
        simulator.ifPresent(reader -> reader.place(finger));
    }

    public ObservableList<Row> rows() {
        return rowsView;
    }

    public ObservableList<FingerRow> fingers() {
        return fingersView;
    }

    public ObservableList<Choice<Finger>> fingerChoices() {
        return fingerChoicesView;
    }

    public ReadOnlyObjectProperty<Optional<Row>> selectedProperty() {
        return selected.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty selectedTitleProperty() {
        return selectedTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty selectedWarningProperty() {
        return selectedWarning.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty promptProperty() {
        return prompt.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty promptIsProblemProperty() {
        return promptIsProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty messageIsErrorProperty() {
        return messageIsError.getReadOnlyProperty();
    }

    /// The name of the person to add, as typed.
    public StringProperty newNameProperty() {
        return newName;
    }

    /// Whether the person to add gets `role`.
    public BooleanProperty newRoleProperty(Role role) {
        return newRoles.get(role);
    }

    /// Whether the person chosen holds `role`, as ticked (their stored roles each time they are chosen or read again).
    public BooleanProperty chosenRoleProperty(Role role) {
        return chosenRoles.get(role);
    }

    /// "Deactivate" or "reactivate" for the person chosen; empty when nobody is.
    public ReadOnlyStringProperty activeToggleProperty() {
        return activeToggle.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }
}
