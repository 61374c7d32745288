package mamori.ui.schedule;

import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import mamori.ui.ButtonColumn;
import mamori.ui.Messages;
import mamori.ui.ScreenHeader;
import mamori.ui.schedule.ScheduleViewModel.Day;
import mamori.ui.schedule.ScheduleViewModel.ExceptionRow;
import mamori.ui.schedule.ScheduleViewModel.Owner;
import mamori.ui.schedule.ScheduleViewModel.WeeklyRow;

/// The viewing-hours screen: roles and people on the left; the chosen one's weekly windows and
/// exception dates on the right, each with a line to add one, and save / remove the schedule.
public final class ScheduleView extends BorderPane {

    public ScheduleView(ScheduleViewModel model, Messages messages) {
        setId("schedule-screen");
        getStyleClass().add("screen");

        Button back = new Button(messages.get("schedule.back"));
        back.setId("schedule-back");
        back.setOnAction(event -> model.back());
        ScreenHeader header = ScreenHeader.titled(messages.get("schedule.title")).busy(model.busyProperty()).end(back);

        ListView<Owner> owners = new ListView<>(model.owners());
        owners.setId("schedule-owners");
        owners.setPrefWidth(260);
        owners.setMinWidth(220);
        owners.getSelectionModel().selectedItemProperty().addListener((property, was, owner) -> model.select(owner));

        Label rule = new Label(messages.get("schedule.rule"));
        rule.setWrapText(true);
        rule.setMinHeight(Region.USE_PREF_SIZE);
        rule.getStyleClass().add("screen-detail");
        Label ownerName = new Label();
        ownerName.setId("schedule-owner");
        ownerName.getStyleClass().add("section-title");
        ownerName.textProperty().bind(model.selectedProperty().map(Owner::label).orElse(messages.get("schedule.chooseOwner")));
        Label state = new Label();
        state.setId("schedule-state");
        state.setWrapText(true);
        state.textProperty().bind(model.stateProperty());

        Label message = new Label();
        message.setId("schedule-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        message.getStyleClass().add("screen-detail");
        model.messageIsErrorProperty().addListener((property, was, isError) ->
                message.getStyleClass().setAll("label", isError ? "error-text" : "screen-detail"));

        TableView<WeeklyRow> weekly = table("schedule-weekly", model.weekly(), messages.get("schedule.noWeekly"));
        weekly.getColumns().add(column(messages.get("schedule.col.day"), WeeklyRow::day));
        weekly.getColumns().add(column(messages.get("schedule.col.hours"), WeeklyRow::hours));
        weekly.getColumns().add(removeColumn(messages, model::removeWeekly, row -> "schedule-remove-" + row.window().day() + "-" + row.window().start()));
        ComboBox<Day> day = new ComboBox<>(FXCollections.observableArrayList(model.days()));
        day.setId("schedule-day");
        day.setPromptText(messages.get("schedule.col.day"));
        TextField start = timeField("schedule-start", "08:30");
        TextField end = timeField("schedule-end", "17:15");
        Button addWeekly = new Button(messages.get("schedule.add"));
        addWeekly.setId("schedule-add-weekly");
        addWeekly.setMinWidth(Region.USE_PREF_SIZE);
        addWeekly.setOnAction(event -> model.addWeekly(day.getValue(), start.getText(), end.getText()));
        HBox weeklyLine = new HBox(10, day, start, new Label("-"), end, addWeekly);
        weeklyLine.setAlignment(Pos.CENTER_LEFT);

        TableView<ExceptionRow> exceptions = table("schedule-exceptions", model.exceptions(), messages.get("schedule.noExceptions"));
        exceptions.getColumns().add(column(messages.get("schedule.col.date"), ExceptionRow::date));
        exceptions.getColumns().add(column(messages.get("schedule.col.hours"), ExceptionRow::hours));
        exceptions.getColumns().add(removeColumn(messages, model::removeException, row -> "schedule-remove-" + row.exception().date()));
        TextField date = new TextField();
        date.setId("schedule-date");
        date.setPromptText("2026-12-29");
        date.setPrefColumnCount(9);
        TextField hours = new TextField();
        hours.setId("schedule-hours");
        hours.setPromptText(messages.get("schedule.hoursPrompt"));
        hours.setPrefColumnCount(14);
        HBox.setHgrow(hours, Priority.ALWAYS);
        Button addException = new Button(messages.get("schedule.add"));
        addException.setId("schedule-add-exception");
        addException.setMinWidth(Region.USE_PREF_SIZE);
        addException.setOnAction(event -> model.addException(date.getText(), hours.getText()));
        HBox exceptionLine = new HBox(10, date, hours, addException);
        exceptionLine.setAlignment(Pos.CENTER_LEFT);

        Button save = new Button(messages.get("schedule.save"));
        save.setId("schedule-save");
        save.getStyleClass().add("primary");
        save.setOnAction(event -> model.save());
        Button clear = new Button(messages.get("schedule.clear"));
        clear.setId("schedule-clear");
        clear.getStyleClass().add("danger");
        clear.setOnAction(event -> model.clear());
        HBox actions = new HBox(12, save, clear);

        Label weeklyTitle = new Label(messages.get("schedule.weekly"));
        weeklyTitle.getStyleClass().add("section-title");
        Label exceptionsTitle = new Label(messages.get("schedule.exceptions"));
        exceptionsTitle.getStyleClass().add("section-title");
        VBox weeklyBox = new VBox(10, weeklyTitle, weekly, weeklyLine);
        VBox exceptionsBox = new VBox(10, exceptionsTitle, exceptions, exceptionLine);
        VBox.setVgrow(weekly, Priority.ALWAYS);
        VBox.setVgrow(exceptions, Priority.ALWAYS);
        HBox.setHgrow(weeklyBox, Priority.ALWAYS);
        HBox.setHgrow(exceptionsBox, Priority.ALWAYS);
        weeklyBox.setPrefWidth(0);
        exceptionsBox.setPrefWidth(0);
        HBox tables = new HBox(24, weeklyBox, exceptionsBox);
        VBox.setVgrow(tables, Priority.ALWAYS);
        VBox editor = new VBox(10, ownerName, state, tables, actions);
        editor.disableProperty().bind(model.editableProperty().not());
        HBox.setHgrow(editor, Priority.ALWAYS);

        HBox columns = new HBox(24, owners, editor);
        VBox.setVgrow(columns, Priority.ALWAYS);
        VBox body = new VBox(14, rule, message, columns);
        body.getStyleClass().add("screen-body");
        setTop(header);
        setCenter(body);
    }

    private static TextField timeField(String id, String prompt) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefColumnCount(5);
        return field;
    }

    private static <T> TableView<T> table(String id, javafx.collections.ObservableList<T> rows, String empty) {
        TableView<T> table = new TableView<>(rows);
        table.setId(id);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label(empty));
        table.setPrefHeight(200);
        return table;
    }

    private static <T> TableColumn<T, String> column(String heading, Function<T, String> value) {
        TableColumn<T, String> column = new TableColumn<>(heading);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())).getReadOnlyProperty());
        column.setSortable(false);
        return column;
    }

    private static <T> TableColumn<T, T> removeColumn(Messages messages, Consumer<T> remove, Function<T, String> id) {
        return ButtonColumn.of("", messages.get("schedule.remove"), "compact", 120, id, row -> true, remove);
    }
}
