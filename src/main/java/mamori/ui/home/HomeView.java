package mamori.ui.home;

import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.TilePane;
import javafx.scene.layout.VBox;
import mamori.ui.Messages;

/// The home screen: a greeting, the person's cameras as tiles (dimmed, with the reason, when they
/// cannot be viewed now), a clock-jump banner for supervisors and administrators, log out (and exit,
/// for administrators).
public final class HomeView extends BorderPane {

    public HomeView(HomeViewModel model, Messages messages) {
        setId("home-screen");
        getStyleClass().add("screen");

        Label greeting = new Label(model.greeting());
        greeting.setId("home-greeting");
        greeting.getStyleClass().add("screen-title");
        Label role = new Label(model.roleText());
        role.setId("home-role");
        role.getStyleClass().add("role-badge");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button logout = new Button(messages.get("home.logout"));
        logout.setId("home-logout");
        logout.setOnAction(event -> model.logout());
        Button audit = new Button(messages.get("home.audit"));
        audit.setId("home-audit");
        audit.visibleProperty().bind(model.auditAllowedProperty());
        audit.managedProperty().bind(audit.visibleProperty());
        audit.setOnAction(event -> model.openAudit());
        Button report = new Button(messages.get("home.report"));
        report.setId("home-report");
        report.visibleProperty().bind(model.auditAllowedProperty());
        report.managedProperty().bind(report.visibleProperty());
        report.setOnAction(event -> model.openReport());
        Button grid = new Button(messages.get("home.grid"));
        grid.setId("home-grid");
        grid.visibleProperty().bind(javafx.beans.binding.Bindings.size(model.cameras()).greaterThan(1));
        grid.managedProperty().bind(grid.visibleProperty());
        grid.setOnAction(event -> model.openGrid());
        // The person's own actions on the first line; the screens their role opens on a second line
        // that wraps, so a kiosk or a 1366x768 laptop shows every label in full.
        HBox personLine = new HBox(16, greeting, role, spacer, grid, logout);
        personLine.setAlignment(Pos.CENTER_LEFT);
        FlowPane tools = new FlowPane(12, 8);
        tools.setId("home-tools");
        if (model.exportApprovalsAllowed()) {
            Button approvals = new Button();
            approvals.setId("home-export-approvals");
            approvals.textProperty().bind(model.exportApprovalsTextProperty());
            approvals.setOnAction(event -> model.openExportApprovals());
            tools.getChildren().add(approvals);
        }
        if (model.exportCheckAllowed()) {
            tools.getChildren().add(button("home-export-check", messages.get("home.exportCheck"), model::openExportCheck));
        }
        if (model.sessionsAllowed()) {
            tools.getChildren().add(button("home-sessions", messages.get("home.sessions"), model::openSessions));
        }
        if (model.rightsAllowed()) {
            tools.getChildren().addAll(button("home-people", messages.get("home.people"), model::openPeople),
                    button("home-rights", messages.get("home.rights"), model::openRights),
                    button("home-schedule", messages.get("home.schedule"), model::openSchedule));
            tools.getChildren().add(button("home-cameras-admin", messages.get("cameras.homeButton"), model::openCameras));
        }
        if (model.terminalsAllowed()) {
            tools.getChildren().add(button("home-terminals", messages.get("terminals.open"), model::openTerminals));
        }
        if (model.rightsAllowed()) {
            tools.getChildren().add(button("home-pin-admin", messages.get("pin.home.admin"), model::openPinAdministration));
        }
        if (model.ownPinOffered()) {
            tools.getChildren().add(button("home-own-pin", messages.get("pin.home.own"), model::openOwnPin));
        }
        boolean roleTools = !tools.getChildren().isEmpty();
        tools.getChildren().addAll(audit, report);
        if (model.exitAllowed()) {
            Button exit = button("home-exit", messages.get("home.exit"), model::exitKiosk);
            exit.getStyleClass().add("danger");
            personLine.getChildren().add(exit);
        }
        // Audit and report follow the policy's answer, which arrives with the camera list.
        tools.visibleProperty().bind(model.auditAllowedProperty().or(new javafx.beans.property.SimpleBooleanProperty(roleTools)));
        tools.managedProperty().bind(tools.visibleProperty());
        VBox header = new VBox(12, personLine, tools);
        header.getStyleClass().add("screen-header");

        Label summary = new Label();
        summary.setId("home-summary");
        summary.getStyleClass().add("screen-detail");
        summary.textProperty().bind(model.summaryProperty());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setMaxSize(28, 28);
        busy.visibleProperty().bind(model.loadingProperty());
        busy.managedProperty().bind(model.loadingProperty());

        TilePane tiles = new TilePane();
        tiles.setId("home-cameras");
        tiles.getStyleClass().add("camera-tiles");
        tiles.setPrefColumns(3);
        model.cameras().addListener((ListChangeListener<HomeViewModel.CameraTile>) change -> {
            tiles.getChildren().clear();
            for (HomeViewModel.CameraTile tile : model.cameras()) {
                tiles.getChildren().add(tile(tile, model));
            }
        });
        ScrollPane scroll = new ScrollPane(tiles);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("camera-scroll");

        Label error = new Label();
        error.setId("home-error");
        error.getStyleClass().add("error-text");
        error.textProperty().bind(model.errorProperty());
        error.visibleProperty().bind(model.errorProperty().isNotEmpty());
        error.managedProperty().bind(error.visibleProperty());

        Label clockWarning = new Label();
        clockWarning.setId("home-clock-warning");
        clockWarning.getStyleClass().add("clock-warning");
        clockWarning.setWrapText(true);
        clockWarning.textProperty().bind(model.clockWarningProperty());
        HBox.setHgrow(clockWarning, Priority.ALWAYS);
        Button acknowledge = new Button(messages.get("home.clockAcknowledge"));
        acknowledge.setId("home-clock-acknowledge");
        acknowledge.setMinWidth(Region.USE_PREF_SIZE);
        acknowledge.setOnAction(event -> model.acknowledgeClockJump());
        HBox clockBanner = new HBox(16, clockWarning, acknowledge);
        clockBanner.setId("home-clock-banner");
        clockBanner.getStyleClass().add("clock-banner");
        clockBanner.visibleProperty().bind(model.clockWarningProperty().isNotEmpty());
        clockBanner.managedProperty().bind(clockBanner.visibleProperty());

        Label registrationWarning = new Label();
        registrationWarning.setId("home-registration-warning");
        registrationWarning.getStyleClass().add("clock-warning");
        registrationWarning.setWrapText(true);
        registrationWarning.textProperty().bind(model.registrationWarningProperty());
        HBox.setHgrow(registrationWarning, Priority.ALWAYS);
        HBox registrationBanner = new HBox(16, registrationWarning);
        if (model.registerAllowed()) {
            Button register = new Button(messages.get("home.register"));
            register.setId("home-register-terminal");
            register.setMinWidth(Region.USE_PREF_SIZE);
            register.setOnAction(event -> model.registerTerminal());
            registrationBanner.getChildren().add(register);
        }
        registrationBanner.setId("home-registration-banner");
        registrationBanner.getStyleClass().add("clock-banner");
        registrationBanner.visibleProperty().bind(model.registrationWarningProperty().isNotEmpty());
        registrationBanner.managedProperty().bind(registrationBanner.visibleProperty());

        VBox body = new VBox(18, registrationBanner, clockBanner, error, new HBox(12, summary, busy), scroll);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        setTop(header);
        setCenter(body);
        body.getStyleClass().add("screen-body");
    }

    private static VBox tile(HomeViewModel.CameraTile camera, HomeViewModel model) {
        Label code = new Label(camera.code());
        code.getStyleClass().add("camera-code");
        Label name = new Label(camera.name());
        name.getStyleClass().add("camera-name");
        Label location = new Label(camera.location());
        location.getStyleClass().add("camera-location");
        Label recorded = new Label(camera.recorded());
        recorded.setWrapText(true);
        recorded.getStyleClass().add("camera-recorded");
        VBox tile = new VBox(6, code, name, location, recorded);
        tile.setId("camera-" + camera.code());
        tile.getStyleClass().add("camera-tile");
        camera.unavailable().ifPresent(reason -> {
            Label unavailable = new Label(reason);
            unavailable.setId("camera-" + camera.code() + "-unavailable");
            unavailable.setWrapText(true);
            unavailable.getStyleClass().add("camera-unavailable");
            tile.getChildren().add(unavailable);
            tile.getStyleClass().add("unavailable");
        });
        tile.setOnMouseClicked(event -> model.openCamera(camera));
        return tile;
    }

    private static Button button(String id, String text, Runnable action) {
        Button button = new Button(text);
        button.setId(id);
        button.setOnAction(event -> action.run());
        return button;
    }
}
