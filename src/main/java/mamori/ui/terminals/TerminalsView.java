package mamori.ui.terminals;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import mamori.ui.Messages;
import mamori.ui.ScreenHeader;
import mamori.ui.terminals.TerminalsViewModel.Row;

/// The terminals screen: whether this PC is registered (with "register this PC" when it is not),
/// a table of the terminals, and for the chosen one a name field with "rename" and "withdraw
/// registration".
public final class TerminalsView extends BorderPane {

    public TerminalsView(TerminalsViewModel model, Messages messages) {
        setId("terminals-screen");
        getStyleClass().add("screen");

        Button back = new Button(messages.get("terminals.back"));
        back.setId("terminals-back");
        back.disableProperty().bind(model.busyProperty());
        back.setOnAction(event -> model.back());
        ScreenHeader header = ScreenHeader.titled(messages.get("terminals.title")).busy(model.busyProperty()).end(back);

        Label registration = new Label();
        registration.setId("terminals-registration");
        registration.setWrapText(true);
        registration.getStyleClass().add("screen-detail");
        registration.textProperty().bind(model.registrationProperty());
        Button register = new Button(messages.get("terminals.register"));
        register.setId("terminals-register");
        register.disableProperty().bind(model.busyProperty());
        register.visibleProperty().bind(model.registerOfferedProperty());
        register.managedProperty().bind(register.visibleProperty());
        register.setOnAction(event -> model.registerThisPc());
        HBox registrationLine = new HBox(16, registration, register);
        registrationLine.setAlignment(Pos.CENTER_LEFT);

        Label message = new Label();
        message.setId("terminals-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        message.getStyleClass().add("screen-detail");
        model.messageIsErrorProperty().addListener((property, was, isError) ->
                message.getStyleClass().setAll("label", isError ? "error-text" : "screen-detail"));

        TableView<Row> table = new TableView<>(model.rows());
        table.setId("terminals-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(messages.get("terminals.none")));
        List<String> headings = List.of(messages.get("terminals.col.id"), messages.get("terminals.col.name"),
                messages.get("terminals.col.here"), messages.get("terminals.col.machine"), messages.get("terminals.col.registered"),
                messages.get("terminals.col.by"));
        List<Function<Row, String>> values = List.of(Row::terminalId, Row::name, Row::here, Row::machine, Row::registered, Row::by);
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

        Label nameLabel = new Label(messages.get("terminals.col.name"));
        nameLabel.getStyleClass().add("screen-detail");
        TextField name = new TextField();
        name.setId("terminals-name");
        name.setPrefColumnCount(20);
        name.textProperty().bindBidirectional(model.newNameProperty());
        Button rename = new Button(messages.get("terminals.rename"));
        rename.setId("terminals-rename");
        Button withdraw = new Button(messages.get("terminals.withdraw"));
        withdraw.setId("terminals-withdraw");
        withdraw.getStyleClass().add("danger");
        var nobody = model.selectedProperty().isEqualTo(Optional.empty());
        name.disableProperty().bind(model.busyProperty().or(nobody));
        rename.disableProperty().bind(model.busyProperty().or(nobody));
        withdraw.disableProperty().bind(model.busyProperty().or(model.withdrawAllowedProperty().not()));
        rename.setOnAction(event -> model.rename());
        withdraw.setOnAction(event -> model.withdraw());
        HBox chosen = new HBox(12, nameLabel, name, rename, withdraw);
        chosen.setId("terminals-chosen");
        chosen.setAlignment(Pos.CENTER_LEFT);

        Label hint = new Label(messages.get("terminals.hint"));
        hint.setWrapText(true);
        hint.getStyleClass().add("screen-detail");

        VBox body = new VBox(18, registrationLine, message, table, chosen, hint);
        VBox.setVgrow(table, Priority.ALWAYS);
        body.getStyleClass().add("screen-body");
        setTop(header);
        setCenter(body);
    }
}
