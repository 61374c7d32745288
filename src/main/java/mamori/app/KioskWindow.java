package mamori.app;

import java.util.Objects;
import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.stage.Stage;
import javafx.stage.StageStyle;
import mamori.export.media.StagedExport;
import mamori.identity.Session;
import mamori.identity.SessionChange;
import mamori.policy.Permission;
import mamori.ui.Messages;
import mamori.ui.TaskExecutor;
import mamori.ui.audit.AuditView;
import mamori.ui.audit.AuditViewModel;
import mamori.ui.export.approval.ExportPreviewView;
import mamori.ui.home.HomeView;
import mamori.playback.PlaybackControls;
import mamori.playback.PlaybackSession;
import mamori.playback.Watermark;
import mamori.ui.player.PlayerView;
import mamori.ui.player.PlayerViewModel;
import mamori.ui.player.VideoSurface;
import mamori.ui.home.HomeViewModel;
import mamori.ui.login.LockView;
import mamori.ui.login.LockViewModel;
import mamori.ui.login.LoginView;
import mamori.ui.login.LoginViewModel;
import mamori.ui.pin.PinLoginViewModel;
import mamori.ui.sessions.SessionsView;
import mamori.ui.sessions.SessionsViewModel;
import mamori.ui.setup.SetupView;
import mamori.ui.setup.SetupViewModel;
import mamori.ui.shell.KioskShell;
import mamori.ui.shell.MessageScreen;
import mamori.ui.shell.StatusBarView;
import mamori.ui.shell.StatusBarViewModel;

/// The one stage of the kiosk and the navigation between its screens.
///
/// In kiosk mode the stage is full screen, undecorated and always on top; closing it, leaving full
/// screen and Alt+F4 are refused. Only an administrator's "exit" on the home screen ends the kiosk.
public final class KioskWindow {

    private final Stage stage;
    private final LaunchOptions options;
    private final Messages messages;
    private final TaskExecutor tasks;
    private final StartupObserver observer;
    private final Runnable onExit;
    private StatusBarViewModel statusBar;
    private StatusBarView statusBarView;
    private KioskShell shell;
    private Mamori mamori;
    private LoginViewModel activeLogin;
    private LockViewModel activeLock;
    /// A screen to show again when the session that left it unlocks: an export in production, whose
    /// passphrase is shown once (an idle lock hides it; the same person's finger brings it back).
    private Resumable resumable;

    private record Resumable(String sessionId, Runnable show) {
    }
    private PlayerViewModel activePlayer;
    private SessionTicker sessionTicker;
    private boolean exitAllowed;
    private boolean loginShownReported;
    private mamori.ui.export.approval.ExportApprovalViewModel activeApproval;
    private mamori.ui.export.approval.ExportPreviewViewModel activePreview;
    private mamori.ui.masks.MasksViewModel activeMasks;

    public KioskWindow(Stage stage, LaunchOptions options, Messages messages, TaskExecutor tasks, StartupObserver observer,
            Runnable onExit) {
        this.stage = stage;
        this.options = options;
        this.messages = messages;
        this.tasks = tasks;
        this.observer = observer;
        this.onExit = onExit;
    }

    /// Shows the stage with a "starting" screen while the services open.
    public void showStarting(java.time.Clock clock, java.time.ZoneId zone) {
        statusBar = new StatusBarViewModel(messages, clock, zone);
        statusBarView = new StatusBarView(statusBar, messages);
        shell = new KioskShell(statusBarView);
        shell.show(new MessageScreen("starting-screen", messages.get("starting.title"), messages.get("starting.detail"),
                true, Optional.empty()));
        Scene scene = new Scene(shell, 1366, 768);
        scene.getStylesheets().add(Objects.requireNonNull(KioskWindow.class.getResource("/mamori/ui/mamori.css")).toExternalForm());
        stage.setScene(scene);
        stage.setTitle(messages.get("app.title"));
        if (!options.windowed()) {
            lockDown(scene);
        }
        stage.show();
    }

    private void lockDown(Scene scene) {
        stage.initStyle(StageStyle.UNDECORATED);
        stage.setAlwaysOnTop(true);
        stage.setFullScreenExitHint("");
        stage.setFullScreenExitKeyCombination(KeyCombination.NO_MATCH);
        // Without a window manager (a bare kiosk X session) full screen is only a request: cover the
        // primary screen explicitly as well.
        var bounds = javafx.stage.Screen.getPrimary().getBounds();
        stage.setX(bounds.getMinX());
        stage.setY(bounds.getMinY());
        stage.setWidth(bounds.getWidth());
        stage.setHeight(bounds.getHeight());
        stage.setFullScreen(true);
        stage.fullScreenProperty().addListener((property, was, isFull) -> {
            if (!isFull && !exitAllowed) {
                stage.setFullScreen(true);
            }
        });
        stage.setOnCloseRequest(event -> {
            if (!exitAllowed) {
                event.consume();
            }
        });
        scene.addEventFilter(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.F4 && event.isAltDown() || event.getCode() == KeyCode.ESCAPE) {
                event.consume();
            }
        });
    }

    /// Takes the opened services and moves on: demo set-up if recordings are missing, else login.
    public void attach(Mamori opened) {
        this.mamori = opened;
        statusBar.showTerminal(opened.terminal());
        sessionTicker = new SessionTicker(opened.loginService(), tasks, this::sessionChanged);
        sessionTicker.start(stage.getScene());
        boolean complete;
        try {
            complete = opened.demoSeed().isComplete();
        } catch (java.sql.SQLException e) {
            showFailure(e.getMessage());
            return;
        }
        if (complete) {
            showLogin();
        } else {
            showSetup();
        }
    }

    private void showSetup() {
        SetupViewModel model = new SetupViewModel(mamori.demoSeed(), tasks, messages);
        shell.show(new SetupView(model));
        model.start(this::showLogin, failure -> showFailure(messages.get("setup.failed", failure.getMessage())));
    }

    private void showLogin() {
        statusBar.showSession(Optional.empty());
        deactivateLogin();
        activeLogin = new LoginViewModel(mamori.loginService(), mamori.fingerSimulator(), tasks, messages, mamori.facilityZone(),
                this::afterLogin);
        activeLogin.onPinRequired(step -> showPinLogin(step, Optional.empty()));
        activeLogin.onPinAlone(this::showPinAlone);
        shell.show(new LoginView(activeLogin, messages));
        activeLogin.activate();
        if (!loginShownReported) {
            loginShownReported = true;
            Scene scene = stage.getScene();
            Runnable[] listener = new Runnable[1];
            listener[0] = () -> {
                scene.removePostLayoutPulseListener(listener[0]);
                // Rendering follows this pulse's layout; report once it is on its way to the screen.
                Platform.runLater(observer::loginScreenShown);
            };
            scene.addPostLayoutPulseListener(listener[0]);
        }
    }

    private void showHome(Session session) {
        deactivateLogin();
        activePlayer = null;
        statusBar.showSession(Optional.of(session));
        HomeViewModel model = new HomeViewModel(session, mamori.cameraCatalog(), mamori.clockWatch(), mamori.recordings(),
                mamori.loginService(), tasks, messages, mamori.facilityZone(), this::showLogin, this::exitKiosk, this::showAudit,
                this::showPlayer);
        model.onOpenGrid(this::showGrid);
        model.onOpenSessions(this::showSessions);
        model.onOpenRights(this::showRights);
        model.onOpenSchedule(this::showSchedule);
        model.onOpenReport(this::showReport);
        model.onOpenPeople(this::showPeople);
        model.onOpenTerminals(this::showTerminals);
        model.onOpenCameras(this::showCameras);
        model.onOpenOwnPin(who -> showPinSet(who, false));
        model.onOpenPinAdministration(this::showPinAdministration);
        model.showRegistration(mamori.terminalRegistration());
        model.showPendingExports(() -> mamori.exportRequests().pending().size(), this::showExportApprovals);
        model.onOpenExportCheck(this::showExportCheck);
        shell.show(new HomeView(model, messages));
        model.load();
    }

    /// Opens the camera's recording in the player, sized to the picture area of this screen.
    private void showPlayer(Session session, String cameraId) {
        Scene scene = stage.getScene();
        int boxWidth = (int) Math.max(320, scene.getWidth() - 64);
        int boxHeight = (int) Math.max(180, scene.getHeight() - 300);
        PlayerViewModel model = new PlayerViewModel(tasks, messages, mamori.facilityZone(), () -> showHome(session));
        activePlayer = model;
        model.onRequestExport((at, timeline) -> showExportRequest(session, cameraId, model.title(), at, timeline));
        VideoSurface[] surface = new VideoSurface[1];
        Watermark.Labels labels = new Watermark.Labels(messages.get("watermark.viewer"), messages.get("watermark.terminal"),
                messages.get("watermark.now"), messages.get("watermark.recorded"));
        tasks.execute(() -> mamori.playback().open(session, cameraId, boxWidth, boxHeight, size -> {
            surface[0] = new VideoSurface(size);
            return surface[0];
        }, model.listener(), labels), playback -> {
            if (activePlayer != model) {
                stopPlayback(modelAttached(model, playback), "screen left");
                return;
            }
            shell.show(new PlayerView(modelAttached(model, playback), java.util.List.of(new PlayerView.Cell(surface[0],
                    playback.title())), messages, mamori.facilityZone()));
        }, failure -> {
            Button back = new Button(messages.get("player.back"));
            back.setId("player-back");
            back.setOnAction(event -> showHome(session));
            shell.show(new MessageScreen("player-failed", messages.get("player.openFailed", failure.getMessage()), "", false,
                    Optional.of(back)));
        });
    }

    /// Opens up to four cameras side by side, kept in time, each a quarter of the picture area.
    private void showGrid(Session session, java.util.List<String> cameraIds) {
        Scene scene = stage.getScene();
        int boxWidth = (int) Math.max(320, (scene.getWidth() - 64) / 2);
        int boxHeight = (int) Math.max(180, (scene.getHeight() - 300) / 2);
        PlayerViewModel model = new PlayerViewModel(tasks, messages, mamori.facilityZone(), () -> showHome(session));
        activePlayer = model;
        Watermark.Labels labels = new Watermark.Labels(messages.get("watermark.viewer"), messages.get("watermark.terminal"),
                messages.get("watermark.now"), messages.get("watermark.recorded"));
        java.util.List<PlayerView.Cell> cells = new java.util.ArrayList<>();
        tasks.execute(() -> {
            java.util.List<PlaybackSession> opened = new java.util.ArrayList<>();
            try {
                for (String cameraId : cameraIds) {
                    VideoSurface[] surface = new VideoSurface[1];
                    PlaybackSession cell = mamori.playback().open(session, cameraId, boxWidth, boxHeight, size -> {
                        surface[0] = new VideoSurface(size);
                        return surface[0];
                    }, opened.isEmpty() ? model.listener() : model.cellListener(), labels);
                    opened.add(cell);
                    cells.add(new PlayerView.Cell(surface[0], cell.title()));
                }
            } catch (Exception e) {
                opened.forEach(PlaybackSession::close);
                throw e;
            }
            return mamori.playback().grid(session, opened);
        }, grid -> {
            if (activePlayer != model) {
                stopPlayback(modelAttached(model, grid), "screen left");
                return;
            }
            shell.show(new PlayerView(modelAttached(model, grid), cells, messages, mamori.facilityZone()));
        }, failure -> {
            Button back = new Button(messages.get("player.back"));
            back.setId("player-back");
            back.setOnAction(event -> showHome(session));
            shell.show(new MessageScreen("player-failed", messages.get("player.openFailed", failure.getMessage()), "", false,
                    Optional.of(back)));
        });
    }

    private static PlayerViewModel modelAttached(PlayerViewModel model, PlaybackControls playback) {
        model.attach(playback);
        return model;
    }

    private void showAudit(Session session) {
        try {
            AuditViewModel model = new AuditViewModel(mamori.auditBrowser(), mamori.auditVerifier(), mamori.personNames(),
                    mamori.cameraNames(), tasks, messages, mamori.facilityZone(), () -> showHome(session));
            AuditView view = new AuditView(model, messages);
            model.offerReplay(cameraId -> mamori.cameraCatalog().decide(session, Permission.VIEW_RECORDINGS, cameraId)
                    instanceof mamori.policy.Decision.Allowed, replay -> showDrillDown(session, replay, () -> shell.show(view)));
            shell.show(view);
            model.search();
        } catch (java.sql.SQLException e) {
            showFailure(e.getMessage());
        }
    }

    /// The viewing-hours screen (administrators).
    private void showSchedule(Session session) {
        var model = new mamori.ui.schedule.ScheduleViewModel(session, mamori.viewingHoursAdministration(), mamori::personNames,
                tasks, messages, () -> showHome(session));
        shell.show(new mamori.ui.schedule.ScheduleView(model, messages));
        model.load();
    }

    /// The report screen (auditors and administrators): generate, preview, save, print.
    private void showReport(Session session) {
        try {
            var model = new mamori.ui.report.ReportViewModel(session, mamori.reports(), mamori.reportPrinter(), mamori.reportArchive(),
                    mamori.personNames(), mamori.cameraNames(), mamori.terminalNames(), tasks, messages, mamori.facilityZone(),
                    mamori.clockWatch().trustedClock(), () -> showHome(session));
            var view = new mamori.ui.report.ReportView(model, messages);
            model.offerReplay(cameraId -> mamori.cameraCatalog().decide(session, Permission.VIEW_RECORDINGS, cameraId)
                    instanceof mamori.policy.Decision.Allowed, replay -> showDrillDown(session, replay, () -> shell.show(view)));
            shell.show(view);
            model.open();
        } catch (java.sql.SQLException | mamori.crypto.KeyVaultException e) {
            showFailure(e.getMessage());
        }
    }

    /// An auditor's drill-down from a report line or an audit entry: the camera's footage from the
    /// first to the last moment it names, through the player (recorded as a PLAY with the report's or
    /// entry's number as purpose); closing the player returns to the screen it came from.
    private void showDrillDown(Session session, mamori.ui.player.ReplayOffer.Replay replay, Runnable backToReport) {
        Scene scene = stage.getScene();
        int boxWidth = (int) Math.max(320, scene.getWidth() - 64);
        int boxHeight = (int) Math.max(180, scene.getHeight() - 300);
        PlayerViewModel model = new PlayerViewModel(tasks, messages, mamori.facilityZone(), () -> {
            activePlayer = null;
            backToReport.run();
        });
        activePlayer = model;
        VideoSurface[] surface = new VideoSurface[1];
        Watermark.Labels labels = new Watermark.Labels(messages.get("watermark.viewer"), messages.get("watermark.terminal"),
                messages.get("watermark.now"), messages.get("watermark.recorded"));
        tasks.execute(() -> mamori.playback().open(session, replay.cameraId(), boxWidth, boxHeight, size -> {
            surface[0] = new VideoSurface(size);
            return surface[0];
        }, model.listener(), labels), playback -> {
            if (activePlayer != model) {
                stopPlayback(modelAttached(model, playback), "screen left");
                return;
            }
            model.attachSpan(playback, replay.from(), replay.to(), replay.purpose());
            shell.show(new PlayerView(model, java.util.List.of(new PlayerView.Cell(surface[0], playback.title())), messages,
                    mamori.facilityZone()));
        }, failure -> {
            Button back = new Button(messages.get("player.back"));
            back.setId("player-back");
            back.setOnAction(event -> backToReport.run());
            shell.show(new MessageScreen("player-failed", messages.get("player.openFailed", failure.getMessage()), "", false,
                    Optional.of(back)));
        });
    }

    /// The camera-rights screen (administrators).
    private void showRights(Session session) {
        var model = new mamori.ui.rights.RightsViewModel(session, mamori.cameraAdministration(), mamori.cameraCatalog(), mamori::personNames,
                tasks, messages, () -> showHome(session));
        shell.show(new mamori.ui.rights.RightsView(model, messages));
        model.load();
    }

    /// The check of an export package brought back (supervisors, auditors, administrators).
    private void showExportCheck(Session session) {
        try {
            var model = new mamori.ui.exportcheck.ExportCheckViewModel(session, mamori.exportCheck(), mamori.cameraNames(), tasks,
                    messages, mamori.facilityZone(), () -> showHome(session));
            shell.show(new mamori.ui.exportcheck.ExportCheckView(model, messages));
            model.load();
        } catch (java.sql.SQLException e) {
            showFailure(e.getMessage());
        }
    }

    /// The copy screen for a produced export (the export flow's "copy to media" button): `afterwards`
    /// runs when the person is done or goes back.
    public void showExportCopy(Session session, mamori.export.media.StagedExport export, Runnable afterwards) {
        var model = new mamori.ui.exportcopy.ExportCopyViewModel(session, export, mamori.exportCopier(), tasks, messages, afterwards,
                afterwards);
        shell.show(new mamori.ui.exportcopy.ExportCopyView(model, messages));
        model.load();
    }

    /// The camera screen (administrators): cameras, their sources and accounts; the mask editor from there.
    private void showCameras(Session session) {
        var model = new mamori.ui.cameras.CamerasViewModel(session, mamori.cameraAdministration(), mamori.cameraRegistry(), tasks,
                messages, mamori.facilityZone(), row -> showMasks(session, row.cameraId(), row.code() + " " + row.name()),
                () -> showHome(session));
        shell.show(new mamori.ui.cameras.CamerasView(model, messages));
        model.load();
    }

    /// The privacy-mask editor of one camera, on a still sized to this screen; back to the camera screen.
    private void showMasks(Session session, String cameraId, String cameraTitle) {
        Scene scene = stage.getScene();
        int boxWidth = (int) Math.max(320, scene.getWidth() - 420);
        int boxHeight = (int) Math.max(180, scene.getHeight() - 280);
        var model = new mamori.ui.masks.MasksViewModel(session, cameraId, cameraTitle, mamori.privacyMaskAdministration(),
                mamori.cameraStill(), tasks, messages, boxWidth, boxHeight, () -> showCameras(session));
        activeMasks = model;
        shell.show(new mamori.ui.masks.MasksView(model, messages));
        model.load();
    }

    /// The people and fingers screen (administrators): enrolment through the kiosk's reader.
    private void showPeople(Session session) {
        var model = new mamori.ui.people.PeopleViewModel(session, mamori.fingerEnrolment(), mamori.peopleAdministration(),
                mamori.fingerSimulator(), tasks, messages, () -> showHome(session));
        shell.show(new mamori.ui.people.PeopleView(model, messages));
        model.load();
    }

    /// The terminals screen (administrators): this database's terminals, register this PC, rename, withdraw.
    private void showTerminals(Session session) {
        var model = new mamori.ui.terminals.TerminalsViewModel(session, mamori.terminalAdministration(), mamori::personNames, tasks,
                messages, mamori.facilityZone(), () -> showHome(session));
        shell.show(new mamori.ui.terminals.TerminalsView(model, messages));
        model.load();
    }

    private void showSessions(Session session) {
        SessionsViewModel model = new SessionsViewModel(session, mamori.sessionDirectory(), mamori.clockWatch().trustedClock(), tasks,
                messages, mamori.facilityZone(), () -> showHome(session));
        shell.show(new SessionsView(model, messages));
        model.load();
    }

    /// The session limits acted: an idle session locks the screen, an ended one returns to the login
    /// screen with the reason; playback stops either way (its STOP says why).
    private void sessionChanged(SessionChange change) {
        switch (change) {
            case SessionChange.Unchanged() -> {
            }
            case SessionChange.Locked(Session session) -> {
                stopPlayback(activePlayer, "locked");
                showLock(session);
            }
            case SessionChange.Ended(Session session, SessionChange.EndReason reason) -> {
                resumable = null;
                stopPlayback(activePlayer, "session ended");
                showLogin();
                activeLogin.showNotice(messages.get("login.ended." + reason.name()));
            }
        }
    }

    private void showLock(Session session) {
        deactivateLogin();
        activeLock = new LockViewModel(session, mamori.loginService(), mamori.fingerSimulator(), tasks, messages, mamori.facilityZone(),
                this::resumeAfterUnlock);
        activeLock.onPinRequired(step -> showPinLogin(step, Optional.of(session)));
        shell.show(new LockView(activeLock, messages));
        activeLock.activate();
    }

    /// After a login (finger, or finger and PIN, or PIN alone): a person whose role needs a PIN and who
    /// has none is led to set it first (decision 0029), everyone else goes home.
    private void afterLogin(Session session) {
        deactivateLogin();
        tasks.execute(() -> mamori.pinCheck().mustSetPin(session.person()), must -> {
            if (must) {
                showPinSet(session, true);
            } else {
                showHome(session);
            }
        }, failure -> showHome(session));
    }

    /// After the lock screen: the same session goes back to the screen it left when that one asked
    /// to be shown again (an export in production), else on as after a login (home, or setting a
    /// PIN its role now asks for).
    private void resumeAfterUnlock(Session resumed) {
        Resumable left = resumable;
        resumable = null;
        if (left != null && left.sessionId().equals(resumed.id())) {
            deactivateLogin();
            resumable = left;
            left.show().run();
        } else {
            afterLogin(resumed);
        }
    }

    /// The PIN pad after a finger: at the login screen (`locked` empty) or at the lock screen of `locked`.
    private void showPinLogin(mamori.identity.PinStep step, Optional<Session> locked) {
        deactivateLogin();
        java.util.function.Consumer<Session> next = locked.isPresent() ? this::resumeAfterUnlock : this::afterLogin;
        var model = PinLoginViewModel.afterFinger(step, mamori.loginService(), tasks, messages,
                mamori.clockWatch().trustedClock(), next, notice -> backFromPin(locked, notice));
        shell.show(new mamori.ui.pin.PinLoginView(model, messages));
    }

    /// The PIN pad for a person allowed to log in without a finger.
    private void showPinAlone() {
        deactivateLogin();
        var model = PinLoginViewModel.pinAlone(mamori.loginService(), tasks, messages, mamori.clockWatch().trustedClock(),
                this::afterLogin, notice -> backFromPin(Optional.empty(), notice));
        shell.show(new mamori.ui.pin.PinLoginView(model, messages));
    }

    private void backFromPin(Optional<Session> locked, String notice) {
        if (locked.isPresent() && mamori.loginService().isLocked()) {
            showLock(locked.get());
            return;
        }
        showLogin();
        if (!notice.isEmpty()) {
            activeLogin.showNotice(notice);
        }
    }

    /// Setting one's own PIN; when `required` the way out is the logout.
    private void showPinSet(Session session, boolean required) {
        var model = new mamori.ui.pin.PinSetViewModel(session, mamori.pinCheck(), tasks, messages, required, () -> showHome(session),
                required ? () -> tasks.execute(() -> {
                    mamori.loginService().logout();
                    return null;
                }, done -> showLogin(), failure -> showFailure(failure.getMessage())) : () -> showHome(session));
        statusBar.showSession(Optional.of(session));
        shell.show(new mamori.ui.pin.PinSetView(model, messages));
    }

    /// The PIN administration screen (administrators).
    private void showPinAdministration(Session session) {
        var model = new mamori.ui.pin.PinAdminViewModel(session, mamori.pinAdministration(), tasks, messages, mamori.facilityZone(),
                () -> showHome(session));
        shell.show(new mamori.ui.pin.PinAdminView(model, messages));
        model.load();
    }

    /// Stops `player` off the UI thread (its STOP entry is written first) and forgets it.
    private void stopPlayback(PlayerViewModel player, String reason) {
        activePlayer = null;
        if (player != null) {
            tasks.execute(() -> {
                player.stopQuietly(reason);
                return null;
            }, done -> { }, failure -> { });
        }
    }

    /// The administrator's exit has been recorded: close the stage and end the process.
    private void exitKiosk() {
        deactivateLogin();
        exitAllowed = true;
        stage.setAlwaysOnTop(false);
        stage.close();
        onExit.run();
    }

    /// Stops the screens' background activity (the reader loop, the clock) and closes the stage.
    public void close() {
        deactivateLogin();
        if (sessionTicker != null) {
            sessionTicker.stop();
        }
        statusBarView.stop();
        exitAllowed = true;
        stage.close();
    }

    private void deactivateLogin() {
        if (activeMasks != null) {
            activeMasks.screenLeft();
            activeMasks = null;
        }
        if (activeApproval != null) {
            activeApproval.deactivate();
            activeApproval = null;
        }
        if (activePreview != null) {
            activePreview.stop();
            activePreview = null;
        }
        if (activeLogin != null) {
            activeLogin.deactivate();
            activeLogin = null;
        }
        if (activeLock != null) {
            activeLock.deactivate();
            activeLock = null;
        }
    }

    /// The export request form for the camera the player showed, around the position it showed.
    private void showExportRequest(Session session, String cameraId, String cameraTitle, java.time.Instant at,
            mamori.playback.RecordingTimeline timeline) {
        activePlayer = null;
        var model = new mamori.ui.export.request.ExportRequestViewModel(session, cameraId, cameraTitle, at, timeline.start(),
                timeline.end(), mamori.exportRequests(), tasks, messages, mamori.facilityZone(), () -> showHome(session),
                request -> showExportApproval(session, request));
        shell.show(new mamori.ui.export.request.ExportRequestView(model, messages));
    }

    /// The requests waiting for a decision (supervisors).
    private void showExportApprovals(Session session) {
        try {
            var model = new mamori.ui.export.approvals.ExportApprovalsViewModel(mamori.exportRequests(), mamori.cameraNames(), tasks,
                    messages, mamori.facilityZone(), request -> showExportApproval(session, request), () -> showHome(session));
            shell.show(new mamori.ui.export.approvals.ExportApprovalsView(model, messages));
            model.load();
        } catch (java.sql.SQLException e) {
            showFailure(e.getMessage());
        }
    }

    /// The four-eyes approval of one request on this terminal; the deciding finger is placed on this screen.
    private void showExportApproval(Session session, mamori.export.ExportRequest request) {
        deactivateLogin();
        String camera;
        try {
            camera = mamori.cameraNames().getOrDefault(request.cameraId(), request.cameraId());
        } catch (java.sql.SQLException e) {
            showFailure(e.getMessage());
            return;
        }
        var model = new mamori.ui.export.approval.ExportApprovalViewModel(session, request, camera, mamori.exportRequests(),
                mamori.approverFinger(), mamori.fingerSimulator(), tasks, messages, mamori.facilityZone(),
                order -> showExportProduction(session, order), () -> showHome(session));
        activeApproval = model;
        // The preview is playback by the screen's session, recorded as such (decision 0024).
        var preview = new mamori.ui.export.approval.ExportPreviewViewModel(request.span(), request.id(), tasks, messages,
                mamori.facilityZone());
        activePreview = preview;
        var previewView = new mamori.ui.export.approval.ExportPreviewView(preview, messages);
        shell.show(new mamori.ui.export.approval.ExportApprovalView(model, previewView, messages));
        int boxWidth = ExportPreviewView.PICTURE_WIDTH;
        int boxHeight = ExportPreviewView.PICTURE_HEIGHT;
        VideoSurface[] surface = new VideoSurface[1];
        Watermark.Labels labels = new Watermark.Labels(messages.get("watermark.viewer"), messages.get("watermark.terminal"),
                messages.get("watermark.now"), messages.get("watermark.recorded"));
        tasks.execute(() -> mamori.playback().open(session, request.cameraId(), boxWidth, boxHeight, size -> {
            surface[0] = new VideoSurface(size);
            return surface[0];
        }, preview.listener(), labels), playback -> {
            previewView.showPicture(surface[0].view());
            preview.attach(playback);
        }, failure -> preview.unavailable(failure.getMessage()));
    }

    /// Production of an approved export, then its passphrase shown once.
    private void showExportProduction(Session session, mamori.export.ExportOrder order) {
        deactivateLogin();
        var model = new mamori.ui.export.production.ExportProductionViewModel(order, mamori.exportProduction(), tasks, messages,
                made -> {
                    resumable = null;
                    showExportCopy(session, StagedExport.of(order, made), () -> showHome(session));
                },
                () -> {
                    resumable = null;
                    showHome(session);
                });
        var view = new mamori.ui.export.production.ExportProductionView(model, messages);
        resumable = new Resumable(session.id(), () -> shell.show(view));
        shell.show(view);
        model.start();
    }

    /// A start that cannot go on: the reason, and a way to close (there is nothing left to protect).
    public void showFailure(String message) {
        observer.failed(message);
        Button close = new Button(messages.get("failure.close"));
        close.setId("failure-close");
        close.setOnAction(event -> {
            exitAllowed = true;
            stage.close();
            onExit.run();
        });
        shell.show(new MessageScreen("failure-screen", messages.get("failure.title"), message, false, Optional.of(close)));
    }
}
