package mamori.ui.cameras;

import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Separator;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import mamori.ui.ButtonColumn;
import mamori.ui.Messages;
import mamori.ui.ScreenHeader;
import mamori.ui.cameras.CamerasViewModel.Row;
import mamori.ui.cameras.CamerasViewModel.SourceChoice;

/// The camera screen: the table on the left, the form for the chosen (or a new) camera on the right,
/// its account below the source. The password field is emptied whenever the account is saved.
public final class CamerasView extends BorderPane {

    public CamerasView(CamerasViewModel model, Messages messages) {
        setId("cameras-screen");
        getStyleClass().add("screen");

        Button add = new Button(messages.get("cameras.new"));
        add.setId("cameras-new");
        Button back = new Button(messages.get("cameras.back"));
        back.setId("cameras-back");
        back.setOnAction(event -> model.back());
        ScreenHeader header = ScreenHeader.titled(messages.get("cameras.title")).busy(model.busyProperty()).end(add, back);

        Label message = new Label();
        message.setId("cameras-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        message.getStyleClass().add("screen-detail");
        model.messageIsErrorProperty().addListener((property, was, isError) ->
                message.getStyleClass().setAll("label", isError ? "error-text" : "screen-detail"));

        TableView<Row> table = new TableView<>(model.rows());
        table.setId("cameras-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(messages.get("cameras.none")));
        List<String> headings = List.of(messages.get("cameras.col.code"), messages.get("cameras.col.name"),
                messages.get("cameras.col.location"), messages.get("cameras.col.source"), messages.get("cameras.col.account"));
        List<Function<Row, String>> values = List.of(Row::code, Row::name, Row::location, Row::source, Row::account);
        for (int i = 0; i < headings.size(); i++) {
            Function<Row, String> value = values.get(i);
            TableColumn<Row, String> column = new TableColumn<>(headings.get(i));
            column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())).getReadOnlyProperty());
            column.setSortable(false);
            table.getColumns().add(column);
        }
        table.getColumns().add(ButtonColumn.of("", messages.get("cameras.masksShort"), "", 110, row -> "cameras-masks-" + row.code(),
                row -> true, model::openMasks));
        table.getSelectionModel().selectedItemProperty().addListener((property, was, row) -> model.edit(row));
        // The row of the camera being edited stays chosen when the list is read again (after a save).
        Runnable keepChosen = () -> {
            String id = model.editingIdProperty().get();
            Row chosen = table.getSelectionModel().getSelectedItem();
            if (id.isEmpty()) {
                table.getSelectionModel().clearSelection();
            } else if (chosen == null || !chosen.cameraId().equals(id) || !model.rows().contains(chosen)) {
                model.rows().stream().filter(row -> row.cameraId().equals(id)).findFirst()
                        .ifPresent(row -> table.getSelectionModel().select(row));
            }
        };
        model.editingIdProperty().addListener((property, was, id) -> keepChosen.run());
        model.rows().addListener((javafx.collections.ListChangeListener<Row>) change -> keepChosen.run());
        add.setOnAction(event -> {
            table.getSelectionModel().clearSelection();
            model.startNew();
        });
        table.setMinHeight(140);
        table.setPrefHeight(240);

        // The table above, the chosen camera's settings and its account side by side below, so the
        // whole form fits a 1366x768 screen without scrolling.
        VBox body = new VBox(14, message, table, form(model, messages));
        VBox.setVgrow(table, Priority.ALWAYS);
        body.getStyleClass().add("screen-body");
        setTop(header);
        setCenter(body);
    }

    private static Node form(CamerasViewModel model, Messages messages) {
        Label formTitle = new Label();
        formTitle.setId("cameras-form-title");
        formTitle.getStyleClass().add("section-title");
        formTitle.textProperty().bind(model.formTitleProperty());

        TextField code = field("cameras-code", model.codeProperty());
        code.disableProperty().bind(model.addingProperty().not());
        TextField name = field("cameras-name", model.nameProperty());
        TextField location = field("cameras-location", model.locationProperty());
        ComboBox<CamerasViewModel.KindChoice> kind = new ComboBox<>(model.kinds());
        kind.setId("cameras-kind");
        kind.valueProperty().bindBidirectional(model.kindProperty());
        kind.setMaxWidth(Double.MAX_VALUE);
        TextField address = field("cameras-address", model.addressProperty());
        TextField recordedFrom = field("cameras-recorded-from", model.recordedFromProperty());
        recordedFrom.setPromptText(messages.get("cameras.recordedFromPrompt"));
        TextField recordedMinutes = field("cameras-recorded-minutes", model.recordedMinutesProperty());
        recordedMinutes.setPromptText(messages.get("cameras.recordedMinutesPrompt"));
        TextField profile = field("cameras-profile", model.profileTokenProperty());
        profile.setPromptText(messages.get("cameras.optional"));
        TextField recording = field("cameras-recording", model.recordingTokenProperty());
        recording.setPromptText(messages.get("cameras.optional"));

        BooleanBinding rtsp = Bindings.createBooleanBinding(() -> model.kindProperty().get() != null
                && model.kindProperty().get().kind() == SourceChoice.RTSP, model.kindProperty());
        BooleanBinding onvif = Bindings.createBooleanBinding(() -> model.kindProperty().get() != null
                && model.kindProperty().get().kind() == SourceChoice.ONVIF, model.kindProperty());
        address.promptTextProperty().bind(Bindings.when(rtsp).then(messages.get("cameras.addressPrompt.RTSP"))
                .otherwise(messages.get("cameras.addressPrompt.ONVIF")));

        GridPane grid = new GridPane();
        grid.setHgap(10);
        grid.setVgap(8);
        addLine(grid, 0, 0, messages.get("cameras.field.code"), code, null);
        addLine(grid, 0, 1, messages.get("cameras.field.name"), name, null);
        addLine(grid, 0, 2, messages.get("cameras.field.location"), location, null);
        addLine(grid, 0, 3, messages.get("cameras.field.kind"), kind, null);
        addLine(grid, 2, 0, messages.get("cameras.field.address"), address, rtsp.or(onvif));
        addLine(grid, 2, 1, messages.get("cameras.field.recordedFrom"), recordedFrom, rtsp);
        addLine(grid, 2, 2, messages.get("cameras.field.recordedMinutes"), recordedMinutes, rtsp);
        addLine(grid, 2, 1, messages.get("cameras.field.profile"), profile, onvif);
        addLine(grid, 2, 2, messages.get("cameras.field.recording"), recording, onvif);
        for (TextField each : List.of(code, name, location, address, recordedFrom, recordedMinutes, profile, recording)) {
            each.setPrefColumnCount(14);
        }
        address.setPrefColumnCount(20);

        Button save = new Button(messages.get("cameras.save"));
        save.setId("cameras-save");
        save.setOnAction(event -> model.save());
        Button masks = new Button(messages.get("cameras.masks"));
        masks.setId("cameras-masks");
        masks.disableProperty().bind(model.addingProperty());
        masks.setOnAction(event -> model.openMasks());
        HBox actions = new HBox(12, save, masks);

        Label accountTitle = new Label(messages.get("cameras.account.title"));
        accountTitle.getStyleClass().add("section-title");
        Label accountState = new Label();
        accountState.setId("cameras-account-state");
        accountState.setWrapText(true);
        accountState.textProperty().bind(model.accountStateProperty());
        TextField user = field("cameras-user", model.userProperty());
        PasswordField password = new PasswordField();
        password.setId("cameras-password");
        password.setPromptText(messages.get("cameras.account.passwordPrompt"));
        GridPane account = new GridPane();
        account.setHgap(10);
        account.setVgap(8);
        addLine(account, 0, 0, messages.get("cameras.field.user"), user, null);
        addLine(account, 0, 1, messages.get("cameras.field.password"), password, null);
        GridPane.setHgrow(user, Priority.ALWAYS);
        Button saveAccount = new Button();
        saveAccount.setId("cameras-account-save");
        saveAccount.textProperty().bind(model.accountActionProperty());
        saveAccount.setOnAction(event -> {
            char[] typed = password.getText().toCharArray();
            password.clear();
            model.saveAccount(typed);
        });
        Button removeAccount = new Button(messages.get("cameras.account.remove"));
        removeAccount.setId("cameras-account-remove");
        removeAccount.getStyleClass().add("danger");
        removeAccount.visibleProperty().bind(model.accountSetProperty());
        removeAccount.managedProperty().bind(removeAccount.visibleProperty());
        removeAccount.setOnAction(event -> model.removeAccount());
        VBox accountBox = new VBox(10, accountTitle, accountState, account, new HBox(12, saveAccount, removeAccount));
        accountBox.disableProperty().bind(model.addingProperty());

        VBox settings = new VBox(10, formTitle, grid, actions);
        accountBox.setPrefWidth(400);
        accountBox.setMinWidth(340);
        HBox.setHgrow(settings, Priority.ALWAYS);
        Separator between = new Separator(javafx.geometry.Orientation.VERTICAL);
        HBox form = new HBox(20, settings, between, accountBox);
        form.setId("cameras-form");
        form.setMinHeight(Region.USE_PREF_SIZE);
        return form;
    }

    private static TextField field(String id, javafx.beans.property.StringProperty value) {
        TextField field = new TextField();
        field.setId(id);
        field.textProperty().bindBidirectional(value);
        return field;
    }

    /// One labelled field of a form at (`column`, `line`); hidden while `shown` is false.
    private static void addLine(GridPane grid, int column, int line, String label, Node field, BooleanBinding shown) {
        Label caption = new Label(label);
        caption.setMinWidth(Region.USE_PREF_SIZE);
        grid.add(caption, column, line);
        grid.add(field, column + 1, line);
        if (shown != null) {
            for (Node node : List.of(caption, field)) {
                node.visibleProperty().bind(shown);
            }
        }
    }
}
