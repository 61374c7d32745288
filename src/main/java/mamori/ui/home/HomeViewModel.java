package mamori.ui.home;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import mamori.camera.Camera;
import mamori.camera.CameraCatalog;
import mamori.identity.LoginService;
import mamori.identity.Role;
import mamori.policy.Permission;
import mamori.identity.Session;
import mamori.recording.RecordedSpan;
import mamori.recording.RecordingStore;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;

/// The home screen: the cameras the logged-in person may see, with what each has recorded.
public final class HomeViewModel {

    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final Session session;
    private final CameraCatalog catalog;
    private final RecordingStore recordings;
    private final TaskExecutor tasks;
    private final Messages messages;
    private final ZoneId zone;
    private final LoginService login;
    private final Runnable onLoggedOut;
    private final Runnable onExited;
    private final java.util.function.Consumer<Session> onAudit;
    private final java.util.function.BiConsumer<Session, String> onOpenCamera;
    private java.util.function.BiConsumer<Session, List<String>> onOpenGrid = (who, cameras) -> { };
    private final ReadOnlyBooleanWrapper auditAllowed = new ReadOnlyBooleanWrapper();
    private final ObservableList<CameraTile> cameras = FXCollections.observableArrayList();
    private final ObservableList<CameraTile> camerasView = FXCollections.unmodifiableObservableList(cameras);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");

    public HomeViewModel(Session session, CameraCatalog catalog, RecordingStore recordings, LoginService login,
            TaskExecutor tasks, Messages messages, ZoneId zone, Runnable onLoggedOut, Runnable onExited,
            java.util.function.Consumer<Session> onAudit, java.util.function.BiConsumer<Session, String> onOpenCamera) {
        this.session = session;
        this.catalog = catalog;
        this.recordings = recordings;
        this.tasks = tasks;
        this.messages = messages;
        this.zone = zone;
        this.login = login;
        this.onLoggedOut = onLoggedOut;
        this.onExited = onExited;
        this.onAudit = onAudit;
        this.onOpenCamera = onOpenCamera;
    }

    public void load() {
        loading.set(true);
        summary.set(messages.get("home.loading"));
        tasks.execute(this::readTiles, tiles -> {
            cameras.setAll(tiles);
            loading.set(false);
            summary.set(tiles.isEmpty() ? messages.get("home.noCameras") : messages.get("home.cameraCount", tiles.size()));
        }, failure -> {
            loading.set(false);
            summary.set(messages.get("home.loadFailed", failure.getMessage()));
        });
    }

    private List<CameraTile> readTiles() throws Exception {
        boolean mayReadAudit = catalog.allowsAny(session, Permission.READ_AUDIT_LOG, Permission.ADMINISTER);
        tasks.onUiThread(() -> auditAllowed.set(mayReadAudit));
        List<CameraTile> tiles = new ArrayList<>();
        for (Camera camera : catalog.viewableBy(session)) {
            String recorded = recordings.span(camera.id()).map(this::describe).orElse(messages.get("home.noRecordings"));
            tiles.add(new CameraTile(camera.id(), camera.code(), camera.name(), camera.location(), recorded));
        }
        return tiles;
    }

    private String describe(RecordedSpan span) {
        var start = span.start().atZone(zone);
        var end = span.end().atZone(zone);
        String to = start.toLocalDate().equals(end.toLocalDate()) ? TIME.format(end) : DAY_TIME.format(end);
        return messages.get("home.recorded", DAY_TIME.format(start), to, span.segments());
    }

    public String greeting() {
        return messages.get("home.greeting", session.person().displayName());
    }

    public String roleText() {
        return messages.get("role." + session.person().primaryRole().name());
    }

    /// Only an administrator may leave the kiosk.
    public boolean exitAllowed() {
        return session.person().holds(Role.ADMINISTRATOR);
    }

    /// Logs out once the logout is recorded; otherwise stays and says why.
    /// Opens the audit screen; only offered when the policy allows reading the log.
    public void openAudit() {
        if (auditAllowed.get()) {
            onAudit.accept(session);
        }
    }

    /// Opens the player on a camera of the list (the policy is asked again when playback starts).
    public void openCamera(CameraTile tile) {
        onOpenCamera.accept(session, tile.cameraId());
    }

    /// Where the "2x2" button leads: the first four cameras of the list side by side.
    public void onOpenGrid(java.util.function.BiConsumer<Session, List<String>> action) {
        this.onOpenGrid = action;
    }

    public void openGrid() {
        List<String> ids = cameras.stream().limit(4).map(CameraTile::cameraId).toList();
        if (ids.size() >= 2) {
            onOpenGrid.accept(session, ids);
        }
    }

    public ReadOnlyBooleanProperty auditAllowedProperty() {
        return auditAllowed.getReadOnlyProperty();
    }

    public void logout() {
        tasks.execute(() -> {
            login.logout();
            return null;
        }, done -> onLoggedOut.run(), this::showActionFailed);
    }

    /// Ends the kiosk (administrators only) once the exit is recorded; otherwise stays and says why.
    public void exitKiosk() {
        if (!exitAllowed()) {
            return;
        }
        tasks.execute(() -> {
            login.exitKiosk();
            return null;
        }, done -> onExited.run(), this::showActionFailed);
    }

    private void showActionFailed(Exception failure) {
        error.set(messages.get("home.actionFailed", failure.getMessage()));
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public ObservableList<CameraTile> cameras() {
        return camerasView;
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    /// One camera as the home screen lists it.
    public record CameraTile(String cameraId, String code, String name, String location, String recorded) {
    }
}
