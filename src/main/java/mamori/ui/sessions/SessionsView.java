package mamori.ui.sessions;

import java.util.List;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import mamori.ui.ButtonColumn;
import mamori.ui.Messages;
import mamori.ui.ScreenHeader;
import mamori.ui.sessions.SessionsViewModel.Row;

/// The login-status screen: a table of open sessions with a forced-logout button per row.
public final class SessionsView extends BorderPane {

    public SessionsView(SessionsViewModel model, Messages messages) {
        setId("sessions-screen");
        getStyleClass().add("screen");

        Button refresh = new Button(messages.get("sessions.refresh"));
        refresh.setId("sessions-refresh");
        refresh.setOnAction(event -> model.load());
        Button back = new Button(messages.get("sessions.back"));
        back.setId("sessions-back");
        back.setOnAction(event -> model.back());
        ScreenHeader header = ScreenHeader.titled(messages.get("sessions.title")).id("sessions-title").busy(model.busyProperty()).end(refresh, back);

        Label message = new Label();
        message.setId("sessions-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        model.messageIsErrorProperty().addListener((property, was, isError) -> {
            message.getStyleClass().setAll("label", isError ? "error-text" : "screen-detail");
        });
        message.getStyleClass().add("screen-detail");

        TableView<Row> table = new TableView<>(model.rows());
        table.setId("sessions-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(messages.get("sessions.none")));
        List<String> headings = model.headings();
        List<Function<Row, String>> values = List.of(Row::person, Row::role, Row::terminal, Row::since, Row::elapsed, Row::lastActivity,
                Row::state);
        for (int i = 0; i < headings.size(); i++) {
            Function<Row, String> value = values.get(i);
            TableColumn<Row, String> column = new TableColumn<>(headings.get(i));
            column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())).getReadOnlyProperty());
            column.setSortable(false);
            table.getColumns().add(column);
        }
        table.getColumns().add(forceOutColumn(model, messages));
        table.setRowFactory(view -> new TableRow<>() {
            @Override
            protected void updateItem(Row row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().remove("locked-session");
                if (!empty && row != null && row.locked()) {
                    getStyleClass().add("locked-session");
                }
            }
        });

        VBox body = new VBox(18, message, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        body.getStyleClass().add("screen-body");
        setTop(header);
        setCenter(body);
    }

    private static TableColumn<Row, Row> forceOutColumn(SessionsViewModel model, Messages messages) {
        return ButtonColumn.of(messages.get("sessions.action"), messages.get("sessions.forceOut"), "danger", 180,
                row -> "sessions-force-" + row.terminalId(), Row::mayForceOut, model::forceOut);
    }
}
