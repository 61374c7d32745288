package mamori.ui.home;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import mamori.camera.Camera;
import mamori.camera.CameraCatalog;
import mamori.clock.ClockJump;
import mamori.clock.ClockWatch;
import mamori.identity.LoginService;
import mamori.identity.Role;
import mamori.identity.SessionDirectory;
import mamori.policy.ClockStatus;
import mamori.policy.Decision;
import mamori.policy.Permission;
import mamori.identity.Session;
import mamori.recording.RecordedSpan;
import mamori.recording.RecordingStore;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;

/// The home screen: the cameras the logged-in person has been granted, with what each has recorded
/// and, for those the policy does not open now, why; for supervisors and administrators, a clock
/// jump waiting for their acknowledgement.
public final class HomeViewModel {

    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final DateTimeFormatter DAY_SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private final Session session;
    private final CameraCatalog catalog;
    private final ClockWatch clockWatch;
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
    private java.util.function.Consumer<Session> onOpenSessions = who -> { };
    private java.util.function.Consumer<Session> onOpenRights = who -> { };
    private java.util.function.Consumer<Session> onOpenCameras = who -> { };
    private java.util.function.Consumer<Session> onOpenSchedule = who -> { };
    private java.util.function.Consumer<Session> onOpenReport = who -> { };
    private java.util.function.Consumer<Session> onOpenPeople = who -> { };
    private java.util.function.Consumer<Session> onOpenTerminals;
    private java.util.Optional<java.util.function.Consumer<Session>> onOpenOwnPin = java.util.Optional.empty();
    private java.util.function.Consumer<Session> onOpenPinAdministration = who -> { };
    private final ReadOnlyBooleanWrapper auditAllowed = new ReadOnlyBooleanWrapper();
    private final ObservableList<CameraTile> cameras = FXCollections.observableArrayList();
    private final ObservableList<CameraTile> camerasView = FXCollections.unmodifiableObservableList(cameras);
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper();
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper();
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper clockWarning = new ReadOnlyStringWrapper("");
    private final ReadOnlyStringWrapper registrationWarning = new ReadOnlyStringWrapper("");
    private mamori.identity.TerminalRegistration registration;
    private TaskExecutor.BackgroundWork<Integer> pendingExports;
    private java.util.function.Consumer<Session> onOpenExportApprovals = who -> { };
    private java.util.function.Consumer<Session> onOpenExportCheck;
    private final ReadOnlyStringWrapper exportApprovalsText = new ReadOnlyStringWrapper("");

    public HomeViewModel(Session session, CameraCatalog catalog, ClockWatch clockWatch, RecordingStore recordings, LoginService login,
            TaskExecutor tasks, Messages messages, ZoneId zone, Runnable onLoggedOut, Runnable onExited,
            java.util.function.Consumer<Session> onAudit, java.util.function.BiConsumer<Session, String> onOpenCamera) {
        this.session = session;
        this.catalog = catalog;
        this.clockWatch = clockWatch;
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
        if (pendingExports != null && exportApprovalsAllowed()) {
            tasks.execute(pendingExports, count -> exportApprovalsText.set(messages.get("export.home.approvals", count)),
                    failure -> exportApprovalsText.set(messages.get("export.home.approvalsUnreadable")));
        }
        loading.set(true);
        summary.set(messages.get("home.loading"));
        tasks.execute(this::readTiles, tiles -> {
            cameras.setAll(tiles);
            loading.set(false);
            long viewable = tiles.stream().filter(CameraTile::viewable).count();
            summary.set(tiles.isEmpty() ? messages.get("home.noCameras")
                    : viewable == tiles.size() ? messages.get("home.cameraCount", viewable)
                    : messages.get("home.cameraCountSomeClosed", viewable, tiles.size() - viewable));
        }, failure -> {
            loading.set(false);
            summary.set(messages.get("home.loadFailed", failure.getMessage()));
        });
    }

    private List<CameraTile> readTiles() throws Exception {
        boolean mayReadAudit = catalog.allowsAny(session, Permission.READ_AUDIT_LOG, Permission.ADMINISTER);
        String warning = clockWarningText();
        String unregistered = registrationWarningText();
        tasks.onUiThread(() -> {
            auditAllowed.set(mayReadAudit);
            clockWarning.set(warning);
            registrationWarning.set(unregistered);
        });
        List<CameraTile> tiles = new ArrayList<>();
        for (CameraCatalog.CameraAccess access : catalog.grantedTo(session)) {
            Camera camera = access.camera();
            String recorded = recordings.span(camera.id()).map(this::describe).orElse(messages.get("home.noRecordings"));
            Optional<String> unavailable = access.decision() instanceof Decision.Denied denied
                    ? Optional.of(messages.get("policy.denied." + denied.reason().name()))
                    : Optional.empty();
            tiles.add(new CameraTile(camera.id(), camera.code(), camera.name(), camera.location(), recorded, unavailable));
        }
        return tiles;
    }

    /// The banner for those who may acknowledge a clock jump, empty when there is none or they may not.
    private String clockWarningText() {
        Optional<ClockJump> jump = clockWatch.unacknowledgedJump();
        if (clockWatch.status() != ClockStatus.JUMP_UNACKNOWLEDGED || jump.isEmpty()
                || !ClockWatch.mayAcknowledge(session.person())) {
            return "";
        }
        ClockJump seen = jump.get();
        String size = messages.get("home.clockJump." + seen.direction().name(), seen.skew().plusSeconds(30).toMinutes());
        String text = messages.get("home.clockJump", DAY_SECONDS.format(seen.from().atZone(zone)),
                DAY_SECONDS.format(seen.to().atZone(zone)), size);
        return clockWatch.recordingProblem().map(problem -> text + " " + messages.get("home.clockUnrecorded", problem)).orElse(text);
    }

    /// The banner on a PC where this terminal is not registered; empty when it is (or nobody asked).
    private String registrationWarningText() {
        if (registration == null || !(registration.status() instanceof mamori.identity.TerminalRegistration.Status.Unregistered(var reason))) {
            return "";
        }
        return messages.get("home.unregistered." + reason.name());
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

    /// Where "viewing reports" leads (the composition root sets it).
    public void onOpenReport(java.util.function.Consumer<Session> action) {
        onOpenReport = action;
    }

    /// Opens the report screen; offered to the same people as the audit screen.
    public void openReport() {
        if (auditAllowed.get()) {
            onOpenReport.accept(session);
        }
    }

    /// Opens the player on a camera of the list (the policy is asked again when playback starts); a
    /// camera the policy did not open when the list was read stays closed, and the screen says why.
    public void openCamera(CameraTile tile) {
        if (tile.unavailable().isPresent()) {
            error.set(messages.get("home.cameraUnavailable", tile.code() + " " + tile.name(), tile.unavailable().get()));
            return;
        }
        onOpenCamera.accept(session, tile.cameraId());
    }

    /// Where the "2x2" button leads: the first four cameras of the list that may be viewed now, side by side.
    public void onOpenGrid(java.util.function.BiConsumer<Session, List<String>> action) {
        this.onOpenGrid = action;
    }

    /// Where the "login status" button leads (supervisors and administrators only).
    public void onOpenSessions(java.util.function.Consumer<Session> action) {
        this.onOpenSessions = action;
    }

    /// Where the "cameras" button leads (administrators only; the services check the right again).
    public void onOpenCameras(java.util.function.Consumer<Session> action) {
        this.onOpenCameras = action;
    }

    public void openCameras() {
        if (rightsAllowed()) {
            onOpenCameras.accept(session);
        }
    }

    /// Where the "camera rights" button leads (administrators only; the service checks the right again).
    public void onOpenRights(java.util.function.Consumer<Session> action) {
        this.onOpenRights = action;
    }

    public boolean rightsAllowed() {
        return session.person().holds(Role.ADMINISTRATOR);
    }

    public void openRights() {
        if (rightsAllowed()) {
            onOpenRights.accept(session);
        }
    }

    /// Where the "viewing hours" button leads (administrators only; the service checks the right again).
    public void onOpenSchedule(java.util.function.Consumer<Session> action) {
        this.onOpenSchedule = action;
    }

    public void openSchedule() {
        if (rightsAllowed()) {
            onOpenSchedule.accept(session);
        }
    }

    /// Where the "people and fingers" button leads (administrators only; the service checks the right again).
    public void onOpenPeople(java.util.function.Consumer<Session> action) {
        this.onOpenPeople = action;
    }

    public void openPeople() {
        if (rightsAllowed()) {
            onOpenPeople.accept(session);
        }
    }

    /// Where the "terminals" button leads (administrators only; the service checks the right again).
    public void onOpenTerminals(java.util.function.Consumer<Session> action) {
        this.onOpenTerminals = action;
    }

    /// The terminals screen is offered to administrators, once the composition root has said where it is.
    public boolean terminalsAllowed() {
        return onOpenTerminals != null && session.person().holds(Role.ADMINISTRATOR);
    }

    public void openTerminals() {
        if (terminalsAllowed()) {
            onOpenTerminals.accept(session);
        }
    }

    /// Where "my PIN" leads (everyone; decision 0029); without it the button is not offered.
    public void onOpenOwnPin(java.util.function.Consumer<Session> action) {
        this.onOpenOwnPin = java.util.Optional.of(action);
    }

    public boolean ownPinOffered() {
        return onOpenOwnPin.isPresent();
    }

    public void openOwnPin() {
        onOpenOwnPin.ifPresent(action -> action.accept(session));
    }

    /// Where the "PINs" button leads (administrators only; the service checks the right again).
    public void onOpenPinAdministration(java.util.function.Consumer<Session> action) {
        this.onOpenPinAdministration = action;
    }

    public void openPinAdministration() {
        if (rightsAllowed()) {
            onOpenPinAdministration.accept(session);
        }
    }

    public boolean sessionsAllowed() {
        return SessionDirectory.mayView(session.person());
    }

    public void openSessions() {
        if (sessionsAllowed()) {
            onOpenSessions.accept(session);
        }
    }

    public void openGrid() {
        List<String> ids = cameras.stream().filter(CameraTile::viewable).limit(4).map(CameraTile::cameraId).toList();
        if (ids.size() >= 2) {
            onOpenGrid.accept(session, ids);
        }
    }

    /// The person (a supervisor or administrator) has seen the clock jump: recorded, then the list is read again.
    public void acknowledgeClockJump() {
        if (!ClockWatch.mayAcknowledge(session.person())) {
            return;
        }
        tasks.execute(() -> {
            clockWatch.acknowledge(session);
            return null;
        }, done -> {
            error.set("");
            load();
        }, this::showActionFailed);
    }

    /// The supervisors' button to the export requests waiting for a decision: `count` reads how many
    /// wait (off the UI thread), `open` shows the list.
    public void showPendingExports(TaskExecutor.BackgroundWork<Integer> count, java.util.function.Consumer<Session> open) {
        this.pendingExports = count;
        this.onOpenExportApprovals = open;
    }

    /// Supervisors decide exports (the service checks the right again, with the deciding finger).
    public boolean exportApprovalsAllowed() {
        return pendingExports != null && session.person().holds(Role.SUPERVISOR);
    }

    public void openExportApprovals() {
        if (exportApprovalsAllowed()) {
            onOpenExportApprovals.accept(session);
        }
    }

    /// The check of packages brought back: offered to supervisors, auditors and administrators (the
    /// service asks the policy again).
    public void onOpenExportCheck(java.util.function.Consumer<Session> open) {
        this.onOpenExportCheck = open;
    }

    public boolean exportCheckAllowed() {
        return onOpenExportCheck != null && (session.person().holds(Role.SUPERVISOR) || session.person().holds(Role.AUDITOR)
                || session.person().holds(Role.ADMINISTRATOR));
    }

    public void openExportCheck() {
        if (exportCheckAllowed()) {
            onOpenExportCheck.accept(session);
        }
    }

    /// The button's text with the count of waiting requests.
    public ReadOnlyStringProperty exportApprovalsTextProperty() {
        return exportApprovalsText.getReadOnlyProperty();
    }

    /// Shows whether this terminal is registered on this PC, and lets an administrator register it.
    public void showRegistration(mamori.identity.TerminalRegistration terminalRegistration) {
        this.registration = terminalRegistration;
    }

    /// Only an administrator registers a terminal.
    public boolean registerAllowed() {
        return session.person().holds(Role.ADMINISTRATOR);
    }

    /// Registers this terminal on this PC (recorded first), then reads the list again.
    public void registerTerminal() {
        if (registration == null || !registerAllowed()) {
            return;
        }
        tasks.execute(() -> {
            registration.register(session.person());
            return null;
        }, done -> {
            error.set("");
            load();
        }, this::showActionFailed);
    }

    /// What the registration banner says; empty when it is not shown.
    public ReadOnlyStringProperty registrationWarningProperty() {
        return registrationWarning.getReadOnlyProperty();
    }

    /// What the clock banner says; empty when it is not shown.
    public ReadOnlyStringProperty clockWarningProperty() {
        return clockWarning.getReadOnlyProperty();
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

    /// One camera as the home screen lists it; `unavailable` says why it cannot be viewed now, if it cannot.
    public record CameraTile(String cameraId, String code, String name, String location, String recorded,
            Optional<String> unavailable) {

        public boolean viewable() {
            return unavailable.isEmpty();
        }
    }
}
