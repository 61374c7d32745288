package mamori.ui.audit;

import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.DatePicker;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import java.util.function.Function;
import mamori.ui.Messages;
import mamori.ui.ScreenHeader;

/// The audit screen: filters, the page of entries with their verification state, paging, and
/// the whole-log check.
public final class AuditView extends BorderPane {

    public AuditView(AuditViewModel model, Messages messages) {
        setId("audit-screen");
        getStyleClass().add("screen");

        Button verifyAll = new Button(messages.get("audit.verifyAll"));
        verifyAll.setId("audit-verify-all");
        verifyAll.setOnAction(event -> model.verifyWholeLog());
        Button back = new Button(messages.get("audit.back"));
        back.setId("audit-back");
        back.setOnAction(event -> model.back());
        ScreenHeader header = ScreenHeader.titled(messages.get("audit.title")).id("audit-title").end(verifyAll, back);

        DatePicker from = new DatePicker();
        from.setId("audit-from");
        from.setPromptText(messages.get("audit.from"));
        from.valueProperty().bindBidirectional(model.fromDateProperty());
        DatePicker to = new DatePicker();
        to.setId("audit-to");
        to.setPromptText(messages.get("audit.to"));
        to.valueProperty().bindBidirectional(model.toDateProperty());
        ComboBox<AuditViewModel.Choice> person = choice("audit-person", model.personChoices());
        person.valueProperty().bindBidirectional(model.personProperty());
        ComboBox<AuditViewModel.Choice> camera = choice("audit-camera", model.cameraChoices());
        camera.valueProperty().bindBidirectional(model.cameraProperty());
        ComboBox<AuditViewModel.Choice> action = choice("audit-action", model.actionChoices());
        action.valueProperty().bindBidirectional(model.actionProperty());
        TextField terminal = new TextField();
        terminal.setId("audit-terminal");
        terminal.setPromptText(messages.get("audit.terminal"));
        terminal.setPrefColumnCount(10);
        terminal.textProperty().bindBidirectional(model.terminalProperty());
        Button search = new Button(messages.get("audit.search"));
        search.setId("audit-search");
        search.setDefaultButton(true);
        search.setOnAction(event -> model.search());
        HBox filters = new HBox(10, labelled(messages.get("audit.from"), from), labelled(messages.get("audit.to"), to),
                labelled(messages.get("audit.person"), person), labelled(messages.get("audit.camera"), camera),
                labelled(messages.get("audit.action"), action), labelled(messages.get("audit.terminal"), terminal), search);
        filters.setAlignment(Pos.BOTTOM_LEFT);
        filters.getStyleClass().add("audit-filters");

        TableView<AuditViewModel.Row> table = new TableView<>(model.rows());
        table.setId("audit-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns().add(column(messages.get("audit.column.seq"), row -> String.valueOf(row.seq()), 80));
        table.getColumns().add(column(messages.get("audit.column.time"), AuditViewModel.Row::time, 170));
        table.getColumns().add(column(messages.get("audit.column.state"), AuditViewModel.Row::state, 120));
        table.getColumns().add(column(messages.get("audit.column.person"), AuditViewModel.Row::person, 130));
        table.getColumns().add(column(messages.get("audit.column.action"), AuditViewModel.Row::action, 170));
        table.getColumns().add(column(messages.get("audit.column.camera"), AuditViewModel.Row::camera, 130));
        table.getColumns().add(column(messages.get("audit.column.terminal"), AuditViewModel.Row::terminal, 110));
        table.getColumns().add(column(messages.get("audit.column.details"), AuditViewModel.Row::details, 300));
        table.setPlaceholder(new Label(messages.get("audit.none")));
        table.setRowFactory(view -> new javafx.scene.control.TableRow<>() {
            @Override
            protected void updateItem(AuditViewModel.Row row, boolean empty) {
                super.updateItem(row, empty);
                getStyleClass().remove("unverified");
                if (!empty && row != null && !row.verified()) {
                    getStyleClass().add("unverified");
                }
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        model.selectedProperty().bind(table.getSelectionModel().selectedItemProperty());

        var replayBar = new mamori.ui.player.ReplayBar(model.replayOffer(), messages.get("audit.replay"), "audit");

        Label summary = new Label();
        summary.setId("audit-page-summary");
        summary.textProperty().bind(model.pageSummaryProperty());
        Button newer = new Button(messages.get("audit.newer"));
        newer.setId("audit-newer");
        newer.disableProperty().bind(model.hasNewerProperty().not().or(model.busyProperty()));
        newer.setOnAction(event -> model.newer());
        Button older = new Button(messages.get("audit.older"));
        older.setId("audit-older");
        older.disableProperty().bind(model.hasOlderProperty().not().or(model.busyProperty()));
        older.setOnAction(event -> model.older());
        ProgressIndicator busy = new ProgressIndicator();
        busy.setMaxSize(24, 24);
        busy.visibleProperty().bind(model.busyProperty());
        Label wholeLog = new Label();
        wholeLog.setId("audit-whole-log");
        wholeLog.setWrapText(true);
        wholeLog.textProperty().bind(model.wholeLogProperty());
        model.wholeLogIntactProperty().addListener((property, was, intact) -> {
            wholeLog.getStyleClass().remove("error-text");
            if (!intact) {
                wholeLog.getStyleClass().add("error-text");
            }
        });
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox paging = new HBox(12, newer, older, summary, busy, gap, wholeLog);
        paging.setAlignment(Pos.CENTER_LEFT);

        VBox body = new VBox(14, filters, table, replayBar, paging);
        body.getStyleClass().add("screen-body");
        setTop(header);
        setCenter(body);
    }

    private static ComboBox<AuditViewModel.Choice> choice(String id, java.util.List<AuditViewModel.Choice> choices) {
        ComboBox<AuditViewModel.Choice> box = new ComboBox<>();
        box.setId(id);
        box.getItems().setAll(choices);
        box.setPrefWidth(160);
        return box;
    }

    private static VBox labelled(String text, javafx.scene.Node field) {
        Label label = new Label(text);
        label.getStyleClass().add("screen-hint");
        return new VBox(4, label, field);
    }

    private static TableColumn<AuditViewModel.Row, String> column(String title, Function<AuditViewModel.Row, String> value,
            double width) {
        TableColumn<AuditViewModel.Row, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue())));
        column.setPrefWidth(width);
        column.setSortable(false);
        column.setCellFactory(view -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item);
            }
        });
        return column;
    }
}
