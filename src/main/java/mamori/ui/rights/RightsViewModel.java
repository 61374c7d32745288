package mamori.ui.rights;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import mamori.camera.AdministrationDeniedException;
import mamori.camera.Camera;
import mamori.camera.CameraAdministration;
import mamori.camera.CameraCatalog;
import mamori.identity.Role;
import mamori.identity.Session;
import mamori.policy.Grant;
import mamori.policy.Permission;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;

/// Who may do what with which camera: the grants as rows, one taken back per row, one given from
/// three choices (a person or a role, a camera or all, a right). The administration service checks
/// the administrator's own right and records every change before it is made.
public final class RightsViewModel {

    /// A grant as the table shows it.
    public record Row(Grant grant, String subject, String camera, String permission) {
    }

    /// One entry of a choice list.
    public record Choice<T>(String label, T value) {
        @Override
        public String toString() {
            return label;
        }
    }

    /// A person (by id) or a role, as a grant names them.
    public record Subject(Optional<String> personId, Optional<Role> role) {
    }

    private final Session administrator;
    private final CameraAdministration administration;
    private final CameraCatalog catalog;
    private final Callable<Map<String, String>> personNames;
    private final TaskExecutor tasks;
    private final Messages messages;
    private final Runnable onBack;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<Row> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<Choice<Subject>> subjects = FXCollections.observableArrayList();
    private final ObservableList<Choice<Subject>> subjectsView = FXCollections.unmodifiableObservableList(subjects);
    private final ObservableList<Choice<Optional<String>>> cameras = FXCollections.observableArrayList();
    private final ObservableList<Choice<Optional<String>>> camerasView = FXCollections.unmodifiableObservableList(cameras);
    private final ObservableList<Choice<Permission>> permissions = FXCollections.observableArrayList();
    private final ObservableList<Choice<Permission>> permissionsView = FXCollections.unmodifiableObservableList(permissions);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper messageIsError = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();

    public RightsViewModel(Session administrator, CameraAdministration administration, CameraCatalog catalog,
            Callable<Map<String, String>> personNames, TaskExecutor tasks, Messages messages, Runnable onBack) {
        this.administrator = administrator;
        this.administration = administration;
        this.catalog = catalog;
        this.personNames = personNames;
        this.tasks = tasks;
        this.messages = messages;
        this.onBack = onBack;
        for (Permission permission : Permission.values()) {
            permissions.add(new Choice<>(messages.get("rights.permission." + permission.name()), permission));
        }
    }

    private record Read(List<Row> rows, List<Choice<Subject>> subjects, List<Choice<Optional<String>>> cameras) {
    }

    public void load() {
        busy.set(true);
        tasks.execute(this::read, read -> {
            busy.set(false);
            rows.setAll(read.rows());
            subjects.setAll(read.subjects());
            cameras.setAll(read.cameras());
        }, failure -> {
            busy.set(false);
            show(messages.get("rights.loadFailed", failure.getMessage()), true);
        });
    }

    private Read read() throws Exception {
        Map<String, String> people = personNames.call();
        Map<String, String> cameraNames = new java.util.LinkedHashMap<>();
        for (Camera camera : catalog.cameras()) {
            cameraNames.put(camera.id(), camera.code() + " " + camera.name());
        }
        List<Row> read = new ArrayList<>();
        for (Grant grant : catalog.grants()) {
            read.add(new Row(grant, subjectLabel(grant.personId(), grant.role(), people),
                    grant.cameraId().map(id -> cameraNames.getOrDefault(id, id)).orElse(messages.get("rights.allCameras")),
                    messages.get("rights.permission." + grant.permission().name())));
        }
        read.sort(Comparator.comparing(Row::subject).thenComparing(Row::camera).thenComparing(Row::permission));
        List<Choice<Subject>> who = new ArrayList<>();
        for (Role role : Role.values()) {
            who.add(new Choice<>(subjectLabel(Optional.empty(), Optional.of(role), people), new Subject(Optional.empty(), Optional.of(role))));
        }
        people.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(person -> who.add(new Choice<>(
                subjectLabel(Optional.of(person.getKey()), Optional.empty(), people), new Subject(Optional.of(person.getKey()), Optional.empty()))));
        List<Choice<Optional<String>>> which = new ArrayList<>();
        which.add(new Choice<>(messages.get("rights.allCameras"), Optional.empty()));
        cameraNames.forEach((id, name) -> which.add(new Choice<>(name, Optional.of(id))));
        return new Read(read, who, which);
    }

    private String subjectLabel(Optional<String> personId, Optional<Role> role, Map<String, String> people) {
        return personId.map(id -> messages.get("rights.person", people.getOrDefault(id, id)))
                .orElseGet(() -> messages.get("rights.role", messages.get("role." + role.orElseThrow().name())));
    }

    /// Gives the grant the three choices make; says what happened and reads the list again.
    public void give(Choice<Subject> subject, Choice<Optional<String>> camera, Choice<Permission> permission) {
        if (subject == null || camera == null || permission == null) {
            show(messages.get("rights.chooseAll"), true);
            return;
        }
        Grant grant = new Grant(subject.value().personId(), subject.value().role(), camera.value(), permission.value());
        change(() -> administration.grant(administrator, grant),
                messages.get("rights.given", subject.label(), camera.label(), permission.label()));
    }

    /// Takes `row`'s grant back.
    public void takeBack(Row row) {
        change(() -> administration.revoke(administrator, row.grant()),
                messages.get("rights.takenBack", row.subject(), row.camera(), row.permission()));
    }

    @FunctionalInterface
    private interface Change {
        void run() throws Exception;
    }

    private void change(Change change, String done) {
        busy.set(true);
        tasks.execute(() -> {
            change.run();
            return null;
        }, ok -> {
            show(done, false);
            load();
        }, failure -> {
            busy.set(false);
            show(failure instanceof AdministrationDeniedException denied
                    ? messages.get("policy.denied." + denied.reason().name())
                    : messages.get("rights.changeFailed", failure.getMessage()), true);
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

    public ObservableList<Choice<Subject>> subjects() {
        return subjectsView;
    }

    public ObservableList<Choice<Optional<String>>> cameras() {
        return camerasView;
    }

    public ObservableList<Choice<Permission>> permissions() {
        return permissionsView;
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
