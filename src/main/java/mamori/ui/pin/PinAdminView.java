package mamori.ui.pin;

import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import mamori.identity.Role;
import mamori.ui.Messages;
import mamori.ui.pin.PinAdminViewModel.Row;

/// The administrators' PIN screen: the role switches, the people table and, for the chosen person,
/// reset, allow a PIN instead of a finger (reason; first PIN typed by the person) and withdraw.
public final class PinAdminView extends BorderPane {

    public PinAdminView(PinAdminViewModel model, Messages messages) {
        setId("pin-admin-screen");
        getStyleClass().add("screen");

        Label title = new Label(messages.get("pin.admin.title"));
        title.getStyleClass().add("screen-title");
        ProgressIndicator busy = new ProgressIndicator();
        busy.setMaxSize(28, 28);
        busy.visibleProperty().bind(model.busyProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Button back = new Button(messages.get("pin.admin.back"));
        back.setId("pin-admin-back");
        back.setOnAction(event -> model.back());
        HBox header = new HBox(16, title, busy, spacer, back);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("screen-header");

        Label message = new Label();
        message.setId("pin-admin-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        message.getStyleClass().add("screen-detail");
        model.messageIsErrorProperty().addListener((property, was, isError) ->
                message.getStyleClass().setAll("label", isError ? "error-text" : "screen-detail"));

        Label rolesTitle = new Label(messages.get("pin.admin.roles"));
        rolesTitle.getStyleClass().add("panel-title");
        FlowPane roles = new FlowPane(24, 8);
        for (Role role : Role.values()) {
            CheckBox required = new CheckBox(messages.get("role." + role.name()));
            required.setId("pin-role-" + role.name());
            required.selectedProperty().bindBidirectional(model.roleRequiredProperty(role));
            required.disableProperty().bind(model.busyProperty());
            roles.getChildren().add(required);
        }

        Label peopleTitle = new Label(messages.get("pin.admin.people"));
        peopleTitle.getStyleClass().add("panel-title");
        TableView<Row> table = new TableView<>(model.rows());
        table.setId("pin-people-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPrefHeight(220);
        List<String> headings = List.of(messages.get("pin.admin.column.name"), messages.get("pin.admin.column.id"),
                messages.get("pin.admin.column.pin"), messages.get("pin.admin.column.alone"));
        List<Function<Row, String>> values = List.of(Row::name, Row::personId, Row::pin, Row::pinAlone);
        for (int i = 0; i < headings.size(); i++) {
            Function<Row, String> value = values.get(i);
            TableColumn<Row, String> column = new TableColumn<>(headings.get(i));
            column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())).getReadOnlyProperty());
            column.setSortable(false);
            table.getColumns().add(column);
        }
        table.getSelectionModel().selectedItemProperty().addListener((property, was, row) -> {
            if (row != null) {
                model.select(row);
            }
        });
        model.selectedProperty().addListener((property, was, row) -> {
            if (row.isPresent() && table.getSelectionModel().getSelectedItem() != row.get()) {
                table.getSelectionModel().select(row.get());
            }
        });

        var noneSelected = model.selectedProperty().isEqualTo(java.util.Optional.empty());
        Button reset = new Button(messages.get("pin.admin.reset"));
        reset.setId("pin-admin-reset");
        reset.getStyleClass().add("danger");
        reset.disableProperty().bind(model.busyProperty().or(noneSelected));
        reset.setOnAction(event -> model.resetPin());
        Button withdraw = new Button(messages.get("pin.admin.withdraw"));
        withdraw.setId("pin-admin-withdraw");
        withdraw.disableProperty().bind(model.busyProperty().or(noneSelected));
        withdraw.setOnAction(event -> model.withdrawPinAlone());

        TextField reason = new TextField();
        reason.setId("pin-admin-reason");
        reason.setPromptText(messages.get("pin.admin.reason"));
        reason.setPrefColumnCount(22);
        PasswordField firstPin = new PasswordField();
        firstPin.setId("pin-admin-first");
        firstPin.setPromptText(messages.get("pin.admin.firstPin"));
        firstPin.setPrefColumnCount(19);
        PasswordField repeat = new PasswordField();
        repeat.setId("pin-admin-first-repeat");
        repeat.setPromptText(messages.get("pin.admin.firstPinRepeat"));
        repeat.setPrefColumnCount(13);
        Button allow = new Button(messages.get("pin.admin.allow"));
        allow.setId("pin-admin-allow");
        allow.disableProperty().bind(model.busyProperty().or(noneSelected));
        allow.setOnAction(event -> {
            model.allowPinAlone(reason.getText(), firstPin.getText().toCharArray(), repeat.getText().toCharArray());
            firstPin.clear();
            repeat.clear();
        });
        HBox personActions = new HBox(12, reset, withdraw);
        personActions.setAlignment(Pos.CENTER_LEFT);
        FlowPane allowLine = new FlowPane(12, 8, reason, firstPin, repeat, allow);
        allowLine.setAlignment(Pos.CENTER_LEFT);

        VBox body = new VBox(14, message, rolesTitle, roles, peopleTitle, table, personActions, allowLine);
        VBox.setVgrow(table, Priority.ALWAYS);
        body.getStyleClass().add("screen-body");
        setTop(header);
        setCenter(body);
    }
}
