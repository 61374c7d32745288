package mamori.ui.rights;

import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import mamori.policy.Permission;
import mamori.ui.ButtonColumn;
import mamori.ui.Messages;
import mamori.ui.ScreenHeader;
import mamori.ui.rights.RightsViewModel.Choice;
import mamori.ui.rights.RightsViewModel.Row;
import mamori.ui.rights.RightsViewModel.Subject;

/// The camera-rights screen: the grants in a table with "take back" per row, and a line to give one.
public final class RightsView extends BorderPane {

    public RightsView(RightsViewModel model, Messages messages) {
        setId("rights-screen");
        getStyleClass().add("screen");

        Button back = new Button(messages.get("rights.back"));
        back.setId("rights-back");
        back.setOnAction(event -> model.back());
        ScreenHeader header = ScreenHeader.titled(messages.get("rights.title")).busy(model.busyProperty()).end(back);

        Label message = new Label();
        message.setId("rights-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        message.getStyleClass().add("screen-detail");
        model.messageIsErrorProperty().addListener((property, was, isError) ->
                message.getStyleClass().setAll("label", isError ? "error-text" : "screen-detail"));

        ComboBox<Choice<Subject>> subject = new ComboBox<>(model.subjects());
        subject.setId("rights-subject");
        subject.setPromptText(messages.get("rights.subject"));
        ComboBox<Choice<Optional<String>>> camera = new ComboBox<>(model.cameras());
        camera.setId("rights-camera");
        camera.setPromptText(messages.get("rights.camera"));
        ComboBox<Choice<Permission>> permission = new ComboBox<>(model.permissions());
        permission.setId("rights-permission");
        permission.setPromptText(messages.get("rights.permissionPrompt"));
        Button give = new Button(messages.get("rights.give"));
        give.setId("rights-give");
        give.setOnAction(event -> model.give(subject.getValue(), camera.getValue(), permission.getValue()));
        HBox giveLine = new HBox(12, subject, camera, permission, give);
        giveLine.setAlignment(Pos.CENTER_LEFT);

        TableView<Row> table = new TableView<>(model.rows());
        table.setId("rights-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(messages.get("rights.none")));
        List<String> headings = List.of(messages.get("rights.col.subject"), messages.get("rights.col.camera"),
                messages.get("rights.col.permission"));
        List<Function<Row, String>> values = List.of(Row::subject, Row::camera, Row::permission);
        for (int i = 0; i < headings.size(); i++) {
            Function<Row, String> value = values.get(i);
            TableColumn<Row, String> column = new TableColumn<>(headings.get(i));
            column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())).getReadOnlyProperty());
            column.setSortable(false);
            table.getColumns().add(column);
        }
        table.getColumns().add(takeBackColumn(model, messages));

        VBox body = new VBox(18, message, giveLine, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        body.getStyleClass().add("screen-body");
        setTop(header);
        setCenter(body);
    }

    private static TableColumn<Row, Row> takeBackColumn(RightsViewModel model, Messages messages) {
        return ButtonColumn.of("", messages.get("rights.takeBack"), "danger", 160, row -> "rights-take-back-"
                + row.grant().personId().orElseGet(() -> row.grant().role().orElseThrow().name()) + "-"
                + row.grant().cameraId().orElse("all") + "-" + row.grant().permission().name(), row -> true, model::takeBack);
    }
}
