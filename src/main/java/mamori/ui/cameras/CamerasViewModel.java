package mamori.ui.cameras;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Consumer;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import mamori.audit.AuditUnavailableException;
import mamori.camera.AdministrationDeniedException;
import mamori.camera.Camera;
import mamori.camera.CameraAccount;
import mamori.camera.CameraAdministration;
import mamori.camera.CameraRegistry;
import mamori.camera.CameraSource;
import mamori.camera.CredentialStore;
import mamori.identity.Session;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;

/// The camera list and one form: choosing a row fills the form to edit that camera, "new camera"
/// empties it to add one. Addresses are checked here so the administrator reads what is wrong in
/// their language; an `rtsp://` address with a user name or password is refused (the account has
/// its own fields, where the password is sealed). The password is taken from the field when the
/// account is saved, handed to the service and wiped; it is never held in a property.
public final class CamerasViewModel {

    static final DateTimeFormatter RECORDED_FROM = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);

    /// A camera as the table shows it: the source without any credentials, the account only as set / not set.
    public record Row(String cameraId, String code, String name, String location, String source, String account,
            CameraRegistry.Entry entry) {
    }

    /// The kinds of source the form offers.
    public enum SourceChoice {
        LOCAL_STORE, RTSP, ONVIF
    }

    /// One entry of the source-kind list.
    public record KindChoice(String label, SourceChoice kind) {
        @Override
        public String toString() {
            return label;
        }
    }

    private final Session administrator;
    private final CameraAdministration administration;
    private final CameraRegistry registry;
    private final TaskExecutor tasks;
    private final Messages messages;
    private final ZoneId zone;
    private final Consumer<Row> onOpenMasks;
    private final Runnable onBack;
    private final ObservableList<Row> rows = FXCollections.observableArrayList();
    private final ObservableList<Row> rowsView = FXCollections.unmodifiableObservableList(rows);
    private final ObservableList<KindChoice> kinds = FXCollections.observableArrayList();
    private final ObservableList<KindChoice> kindsView = FXCollections.unmodifiableObservableList(kinds);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper("");
    private final ReadOnlyBooleanWrapper messageIsError = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper();
    private final ReadOnlyBooleanWrapper adding = new ReadOnlyBooleanWrapper(true);
    private final ReadOnlyStringWrapper formTitle = new ReadOnlyStringWrapper();
    private final ReadOnlyStringWrapper accountState = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper accountAction = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper accountSet = new ReadOnlyBooleanWrapper();
    private final StringProperty code = new SimpleStringProperty("");
    private final StringProperty name = new SimpleStringProperty("");
    private final StringProperty location = new SimpleStringProperty("");
    private final ObjectProperty<KindChoice> kind = new SimpleObjectProperty<>();
    private final StringProperty address = new SimpleStringProperty("");
    private final StringProperty recordedFrom = new SimpleStringProperty("");
    private final StringProperty recordedMinutes = new SimpleStringProperty("");
    private final StringProperty profileToken = new SimpleStringProperty("");
    private final StringProperty recordingToken = new SimpleStringProperty("");
    private final StringProperty user = new SimpleStringProperty("");
    private final ReadOnlyStringWrapper editingId = new ReadOnlyStringWrapper("");
    private Optional<Row> editing = Optional.empty();

    public CamerasViewModel(Session administrator, CameraAdministration administration, CameraRegistry registry, TaskExecutor tasks,
            Messages messages, ZoneId zone, Consumer<Row> onOpenMasks, Runnable onBack) {
        this.administrator = administrator;
        this.administration = administration;
        this.registry = registry;
        this.tasks = tasks;
        this.messages = messages;
        this.zone = zone;
        this.onOpenMasks = onOpenMasks;
        this.onBack = onBack;
        for (SourceChoice choice : SourceChoice.values()) {
            kinds.add(new KindChoice(messages.get("cameras.kind." + choice.name()), choice));
        }
        startNew();
    }

    public void load() {
        load(Optional.empty());
    }

    /// Reads the list again; `select` (a camera id) is chosen afterwards, else the one being edited.
    private void load(Optional<String> select) {
        busy.set(true);
        tasks.execute(registry::entries, entries -> {
            busy.set(false);
            rows.setAll(entries.stream().map(this::row).toList());
            Optional<String> wanted = select.or(() -> editing.map(Row::cameraId));
            wanted.flatMap(id -> rows.stream().filter(row -> row.cameraId().equals(id)).findFirst()).ifPresent(this::edit);
        }, failure -> {
            busy.set(false);
            show(messages.get("cameras.loadFailed", failure.getMessage()), true);
        });
    }

    private Row row(CameraRegistry.Entry entry) {
        Camera camera = entry.camera();
        return new Row(camera.id(), camera.code(), camera.name(), camera.location(), sourceText(entry.source()),
                messages.get(entry.accountSet() ? "cameras.account.set" : "cameras.account.notSet"), entry);
    }

    private String sourceText(CameraSource source) {
        return switch (source) {
            case CameraSource.LocalStore _ -> messages.get("cameras.kind.LOCAL_STORE");
            case CameraSource.Rtsp rtsp -> messages.get("cameras.kind.RTSP") + " " + rtsp.uri()
                    + (rtsp.recorded().isPresent() ? " " + messages.get("cameras.recordedStream") : "");
            case CameraSource.Onvif onvif -> messages.get("cameras.kind.ONVIF") + " " + onvif.deviceService();
        };
    }

    /// Empties the form to add a camera.
    public void startNew() {
        editing = Optional.empty();
        editingId.set("");
        adding.set(true);
        formTitle.set(messages.get("cameras.form.new"));
        code.set("");
        name.set("");
        location.set("");
        kind.set(kinds.getFirst());
        clearSourceFields();
        user.set("");
        accountSet.set(false);
        accountState.set(messages.get("cameras.account.saveCameraFirst"));
        accountAction.set(messages.get("cameras.account.setButton"));
    }

    private void clearSourceFields() {
        address.set("");
        recordedFrom.set("");
        recordedMinutes.set("");
        profileToken.set("");
        recordingToken.set("");
    }

    /// Fills the form with `row`'s camera, to edit it.
    public void edit(Row row) {
        if (row == null) {
            return;
        }
        editing = Optional.of(row);
        editingId.set(row.cameraId());
        adding.set(false);
        formTitle.set(messages.get("cameras.form.edit", row.code()));
        code.set(row.code());
        name.set(row.name());
        location.set(row.location());
        clearSourceFields();
        switch (row.entry().source()) {
            case CameraSource.LocalStore _ -> kind.set(choice(SourceChoice.LOCAL_STORE));
            case CameraSource.Rtsp rtsp -> {
                kind.set(choice(SourceChoice.RTSP));
                address.set(rtsp.uri().toString());
                rtsp.recorded().ifPresent(span -> {
                    recordedFrom.set(RECORDED_FROM.format(span.start().atZone(zone)));
                    recordedMinutes.set(Long.toString(span.length().toMinutes()));
                });
            }
            case CameraSource.Onvif onvif -> {
                kind.set(choice(SourceChoice.ONVIF));
                address.set(onvif.deviceService().toString());
                profileToken.set(onvif.profileToken().orElse(""));
                recordingToken.set(onvif.recordingToken().orElse(""));
            }
        }
        user.set(row.entry().accountUser().orElse(""));
        accountSet.set(row.entry().accountSet());
        accountState.set(messages.get(row.entry().accountSet() ? "cameras.account.stateSet" : "cameras.account.stateNotSet"));
        accountAction.set(messages.get(row.entry().accountSet() ? "cameras.account.changeButton" : "cameras.account.setButton"));
    }

    private KindChoice choice(SourceChoice wanted) {
        return kinds.stream().filter(each -> each.kind() == wanted).findFirst().orElseThrow();
    }

    /// Adds the camera of the form, or saves the edited one's name, location and source.
    public void save() {
        String codeText = code.get() == null ? "" : code.get().strip();
        String nameText = name.get() == null ? "" : name.get().strip();
        String locationText = location.get() == null ? "" : location.get().strip();
        if (editing.isEmpty() && (!codeText.matches("[A-Za-z0-9_-]{1,32}"))) {
            show(messages.get("cameras.invalid.code"), true);
            return;
        }
        if (editing.isEmpty() && rows.stream().anyMatch(row -> row.code().equalsIgnoreCase(codeText))) {
            show(messages.get("cameras.invalid.codeInUse", codeText), true);
            return;
        }
        if (nameText.isEmpty() || nameText.length() > CameraAdministration.MAX_NAME_CHARS
                || locationText.length() > CameraAdministration.MAX_NAME_CHARS) {
            show(messages.get("cameras.invalid.name"), true);
            return;
        }
        CameraSource source;
        try {
            source = source();
        } catch (Refused refused) {
            show(refused.getMessage(), true);
            return;
        }
        if (editing.isEmpty()) {
            change(() -> administration.add(administrator, codeText, nameText, locationText, source).id(),
                    messages.get("cameras.added", codeText));
        } else {
            String cameraId = editing.get().cameraId();
            change(() -> {
                administration.describe(administrator, cameraId, nameText, locationText);
                administration.changeSource(administrator, cameraId, source);
                return cameraId;
            }, messages.get("cameras.saved", codeText));
        }
    }

    /// The source the form describes, or why it is not valid.
    CameraSource source() throws Refused {
        SourceChoice chosen = kind.get() == null ? SourceChoice.LOCAL_STORE : kind.get().kind();
        return switch (chosen) {
            case LOCAL_STORE -> new CameraSource.LocalStore();
            case RTSP -> new CameraSource.Rtsp(address("rtsp"), recorded());
            case ONVIF -> new CameraSource.Onvif(address("http", "https"), token(recordingToken.get()), token(profileToken.get()));
        };
    }

    private URI address(String... schemes) throws Refused {
        String text = address.get() == null ? "" : address.get().strip();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw new Refused(messages.get("cameras.invalid.address", String.join(" / ", schemes)));
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused(messages.get("cameras.invalid.userInAddress"));
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of(schemes).contains(scheme) || uri.getHost() == null) {
            throw new Refused(messages.get("cameras.invalid.address", String.join(" / ", schemes)));
        }
        return uri;
    }

    private Optional<CameraSource.Recorded> recorded() throws Refused {
        String from = recordedFrom.get() == null ? "" : recordedFrom.get().strip();
        String minutes = recordedMinutes.get() == null ? "" : recordedMinutes.get().strip();
        if (from.isEmpty() && minutes.isEmpty()) {
            return Optional.empty();
        }
        try {
            Instant start = LocalDateTime.parse(from, RECORDED_FROM).atZone(zone).toInstant();
            long length = Long.parseLong(minutes);
            if (length <= 0 || length > 60L * 24 * 366) {
                throw new NumberFormatException("out of range");
            }
            return Optional.of(new CameraSource.Recorded(start, Duration.ofMinutes(length)));
        } catch (DateTimeParseException | NumberFormatException e) {
            throw new Refused(messages.get("cameras.invalid.recorded"));
        }
    }

    private Optional<String> token(String text) throws Refused {
        String token = text == null ? "" : text.strip();
        if (token.isEmpty()) {
            return Optional.empty();
        }
        if (token.length() > CameraSource.MAX_TOKEN_CHARS || !token.matches("[\\p{Alnum}_.:-]+")) {
            throw new Refused(messages.get("cameras.invalid.token", CameraSource.MAX_TOKEN_CHARS));
        }
        return Optional.of(token);
    }

    /// Sets or changes the edited camera's account. `password` is wiped once handed over, whatever
    /// the outcome; the view empties its field.
    public void saveAccount(char[] password) {
        String userText = user.get() == null ? "" : user.get().strip();
        if (editing.isEmpty()) {
            Arrays.fill(password, '\0');
            show(messages.get("cameras.account.saveCameraFirst"), true);
            return;
        }
        if (userText.isEmpty() || userText.length() > CredentialStore.MAX_USER_CHARS || password.length == 0
                || password.length > CredentialStore.MAX_PASSWORD_CHARS) {
            Arrays.fill(password, '\0');
            show(messages.get("cameras.account.invalid", CredentialStore.MAX_PASSWORD_CHARS), true);
            return;
        }
        Row row = editing.get();
        boolean wasSet = row.entry().accountSet();
        change(() -> {
            try {
                administration.setAccount(administrator, row.cameraId(), new CameraAccount(userText, password));
            } finally {
                Arrays.fill(password, '\0');
            }
            return row.cameraId();
        }, messages.get(wasSet ? "cameras.account.changed" : "cameras.account.saved", row.code()));
    }

    /// Forgets the edited camera's account.
    public void removeAccount() {
        if (editing.isEmpty() || !editing.get().entry().accountSet()) {
            return;
        }
        Row row = editing.get();
        change(() -> {
            administration.removeAccount(administrator, row.cameraId());
            return row.cameraId();
        }, messages.get("cameras.account.removed", row.code()));
    }

    /// Opens the privacy-mask editor of the edited camera.
    public void openMasks() {
        editing.ifPresent(onOpenMasks);
    }

    public void openMasks(Row row) {
        onOpenMasks.accept(row);
    }

    private void change(TaskExecutor.BackgroundWork<String> change, String done) {
        busy.set(true);
        tasks.execute(change, cameraId -> {
            show(done, false);
            load(Optional.of(cameraId));
        }, failure -> {
            busy.set(false);
            show(switch (failure) {
                case AdministrationDeniedException denied -> messages.get("policy.denied." + denied.reason().name());
                case AuditUnavailableException refused -> messages.get("cameras.auditUnavailable", refused.getMessage());
                default -> messages.get("cameras.changeFailed", failure.getMessage());
            }, true);
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

    public ObservableList<KindChoice> kinds() {
        return kindsView;
    }

    public StringProperty codeProperty() {
        return code;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty locationProperty() {
        return location;
    }

    public ObjectProperty<KindChoice> kindProperty() {
        return kind;
    }

    public StringProperty addressProperty() {
        return address;
    }

    public StringProperty recordedFromProperty() {
        return recordedFrom;
    }

    public StringProperty recordedMinutesProperty() {
        return recordedMinutes;
    }

    public StringProperty profileTokenProperty() {
        return profileToken;
    }

    public StringProperty recordingTokenProperty() {
        return recordingToken;
    }

    public StringProperty userProperty() {
        return user;
    }

    /// The id of the camera being edited; empty while a new one is being added.
    public ReadOnlyStringProperty editingIdProperty() {
        return editingId.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty addingProperty() {
        return adding.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty formTitleProperty() {
        return formTitle.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty accountStateProperty() {
        return accountState.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty accountActionProperty() {
        return accountAction.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty accountSetProperty() {
        return accountSet.getReadOnlyProperty();
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

    /// A form that cannot be saved, with the message to show.
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }
}
