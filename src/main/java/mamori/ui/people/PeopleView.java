package mamori.ui.people;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.text.Text;
import mamori.enrolment.Finger;
import mamori.identity.Role;
import mamori.ui.Messages;
import mamori.ui.ScreenHeader;
import mamori.ui.login.ReaderNodes;
import mamori.ui.people.PeopleViewModel.Choice;
import mamori.ui.people.PeopleViewModel.FingerRow;
import mamori.ui.people.PeopleViewModel.Row;

/// The people screen: a line to add a person with their roles, a table of everybody, and below it
/// the chosen person's roles (check boxes, "save roles"), "deactivate" / "reactivate", their
/// fingers with "re-enrol" and "remove", a line to enrol another finger and the capture guidance;
/// the demo reader panel on the right when the reader is an emulator.
public final class PeopleView extends BorderPane {

    public PeopleView(PeopleViewModel model, Messages messages) {
        setId("people-screen");
        getStyleClass().add("screen");

        Button back = new Button(messages.get("people.back"));
        back.setId("people-back");
        back.disableProperty().bind(model.busyProperty());
        back.setOnAction(event -> model.back());
        ScreenHeader header = ScreenHeader.titled(messages.get("people.title")).busy(model.busyProperty()).end(back);

        Label message = new Label();
        message.setId("people-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        message.getStyleClass().add("screen-detail");
        model.messageIsErrorProperty().addListener((property, was, isError) ->
                message.getStyleClass().setAll("label", isError ? "error-text" : "screen-detail"));

        TableView<Row> table = new TableView<>(model.rows());
        table.setId("people-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(messages.get("people.none")));
        table.setPrefHeight(200);
        table.setMinHeight(165);
        List<String> headings = List.of(messages.get("people.col.name"), messages.get("people.col.roles"),
                messages.get("people.col.active"), messages.get("people.col.fingers"), messages.get("people.col.warning"));
        List<Function<Row, String>> values = List.of(Row::name, Row::roles, Row::active, Row::fingers, Row::shortWarning);
        // Shares of the width: roles and fingers are the long ones; cells wrap rather than cut text to "...".
        List<Double> shares = List.of(0.15, 0.24, 0.08, 0.41, 0.12);
        for (int i = 0; i < headings.size(); i++) {
            Function<Row, String> value = values.get(i);
            TableColumn<Row, String> column = new TableColumn<>(headings.get(i));
            column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())).getReadOnlyProperty());
            column.setCellFactory(each -> new WrappingCell());
            column.prefWidthProperty().bind(table.widthProperty().subtract(20).multiply(shares.get(i)));
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

        Label person = new Label();
        person.setId("people-selected");
        person.getStyleClass().add("panel-title");
        person.textProperty().bind(model.selectedTitleProperty());
        Label warning = new Label();
        warning.setId("people-warning");
        warning.getStyleClass().add("error-text");
        warning.textProperty().bind(model.selectedWarningProperty());
        warning.visibleProperty().bind(model.selectedWarningProperty().isNotEmpty());
        warning.managedProperty().bind(warning.visibleProperty());

        // Fingers side by side, wrapping: a third finger must not push the table off a 1366x768 screen.
        FlowPane fingers = new FlowPane(28, 8);
        fingers.setId("people-fingers");
        model.fingers().addListener((ListChangeListener<FingerRow>) change -> showFingers(fingers, model, messages));

        ComboBox<Choice<Finger>> finger = new ComboBox<>(model.fingerChoices());
        finger.setId("people-finger-choice");
        finger.setPromptText(messages.get("people.fingerPrompt"));
        Button enrol = new Button(messages.get("people.enrol"));
        enrol.setId("people-enrol");
        enrol.disableProperty().bind(model.busyProperty().or(model.selectedProperty().isEqualTo(java.util.Optional.empty())));
        enrol.setOnAction(event -> model.enrol(finger.getValue()));
        HBox enrolLine = new HBox(12, finger, enrol);
        enrolLine.setAlignment(Pos.CENTER_LEFT);

        Label prompt = new Label();
        prompt.setId("people-prompt");
        prompt.setWrapText(true);
        prompt.getStyleClass().add("screen-title");
        prompt.textProperty().bind(model.promptProperty());
        model.promptIsProblemProperty().addListener((property, was, problem) ->
                prompt.getStyleClass().setAll("label", problem ? "error-text" : "screen-title"));

        TextField newName = new TextField();
        newName.setId("people-new-name");
        newName.setPromptText(messages.get("people.newName"));
        newName.setPrefColumnCount(14);
        newName.textProperty().bindBidirectional(model.newNameProperty());
        Map<Role, CheckBox> newRoles = roleBoxes("people-new-role-", messages);
        newRoles.forEach((role, box) -> box.selectedProperty().bindBidirectional(model.newRoleProperty(role)));
        Button add = new Button(messages.get("people.add"));
        add.setId("people-add");
        add.disableProperty().bind(model.busyProperty());
        add.setOnAction(event -> model.addPerson());
        HBox addLine = new HBox(12, newName);
        addLine.getChildren().addAll(newRoles.values());
        addLine.getChildren().add(add);
        addLine.setId("people-add-line");
        addLine.setAlignment(Pos.CENTER_LEFT);

        Label rolesLabel = new Label(messages.get("people.col.roles"));
        rolesLabel.getStyleClass().add("screen-detail");
        Map<Role, CheckBox> roles = roleBoxes("people-role-", messages);
        roles.forEach((role, box) -> box.selectedProperty().bindBidirectional(model.chosenRoleProperty(role)));
        Button saveRoles = new Button(messages.get("people.saveRoles"));
        saveRoles.setId("people-save-roles");
        Button toggleActive = new Button();
        toggleActive.setId("people-toggle-active");
        toggleActive.textProperty().bind(model.activeToggleProperty());
        for (Button button : List.of(saveRoles, toggleActive)) {
            button.disableProperty().bind(model.busyProperty().or(model.selectedProperty().isEqualTo(java.util.Optional.empty())));
        }
        saveRoles.setOnAction(event -> model.saveRoles());
        toggleActive.setOnAction(event -> model.toggleActive());
        HBox roleLine = new HBox(12, rolesLabel);
        roleLine.getChildren().addAll(roles.values());
        roleLine.getChildren().addAll(saveRoles, toggleActive);
        roleLine.setId("people-role-line");
        roleLine.setAlignment(Pos.CENTER_LEFT);
        roleLine.visibleProperty().bind(model.selectedProperty().isNotEqualTo(java.util.Optional.empty()));
        roleLine.managedProperty().bind(roleLine.visibleProperty());

        prompt.managedProperty().bind(prompt.textProperty().isNotEmpty());
        VBox chosen = new VBox(10, person, roleLine, warning, fingers, enrolLine, prompt);
        VBox body = new VBox(12, message, addLine, table, chosen);
        VBox.setVgrow(table, Priority.ALWAYS);
        body.getStyleClass().add("screen-body");
        setTop(header);
        setCenter(body);
        if (model.hasSimulator()) {
            // Compact: below this screen's header, a button per enrolled finger outgrows a 1366x768 screen.
            var demo = ReaderNodes.demoPanel(model.simulatedFingers(), model::place, messages);
            demo.getStyleClass().add("compact");
            setRight(demo);
        }
    }

    /// A table cell whose text wraps to the column's width (the row grows) instead of ending in "...".
    private static final class WrappingCell extends TableCell<Row, String> {
        private final Text text = new Text();

        WrappingCell() {
            text.wrappingWidthProperty().bind(widthProperty().subtract(10));
            text.fillProperty().bind(textFillProperty());
            text.fontProperty().bind(fontProperty());
            setGraphic(text);
            setPrefHeight(Region.USE_COMPUTED_SIZE);
        }

        @Override
        protected void updateItem(String item, boolean empty) {
            super.updateItem(item, empty);
            text.setText(empty || item == null ? "" : item);
        }
    }

    private static Map<Role, CheckBox> roleBoxes(String idPrefix, Messages messages) {
        Map<Role, CheckBox> boxes = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            CheckBox box = new CheckBox(messages.get("role." + role.name()));
            box.setId(idPrefix + role.name());
            boxes.put(role, box);
        }
        return boxes;
    }

    private static void showFingers(FlowPane fingers, PeopleViewModel model, Messages messages) {
        fingers.getChildren().clear();
        for (FingerRow row : model.fingers()) {
            Label name = new Label(row.label());
            name.setId("people-finger-" + row.templateId());
            name.setMinWidth(150);
            name.getStyleClass().add("screen-detail");
            Button reenrol = new Button(messages.get("people.reenrol"));
            reenrol.setId("people-reenrol-" + row.templateId());
            reenrol.disableProperty().bind(model.busyProperty());
            reenrol.setOnAction(event -> model.reenrol(row));
            Button remove = new Button(messages.get("people.remove"));
            remove.setId("people-remove-" + row.templateId());
            remove.getStyleClass().add("danger");
            remove.disableProperty().bind(model.busyProperty());
            remove.setOnAction(event -> model.remove(row));
            HBox line = new HBox(12, name, reenrol, remove);
            line.setAlignment(Pos.CENTER_LEFT);
            fingers.getChildren().add(line);
        }
    }
}
