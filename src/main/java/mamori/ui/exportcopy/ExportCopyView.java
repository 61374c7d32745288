package mamori.ui.exportcopy;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import mamori.ui.Messages;
import mamori.ui.ScreenHeader;
import mamori.ui.exportcopy.ExportCopyViewModel.Row;

/// The copy screen: the export, the destinations (refused storage greyed with its reason), the copy
/// button with its progress bar, and the read-back result.
public final class ExportCopyView extends BorderPane {

    public ExportCopyView(ExportCopyViewModel model, Messages messages) {
        setId("exportcopy-screen");
        getStyleClass().add("screen");

        Button refresh = new Button(messages.get("exportcopy.refresh"));
        refresh.setId("exportcopy-refresh");
        refresh.setOnAction(event -> model.load());
        refresh.disableProperty().bind(model.copyingProperty());
        Button back = new Button(messages.get("exportcopy.back"));
        back.setId("exportcopy-back");
        back.setOnAction(event -> model.back());
        back.disableProperty().bind(model.copyingProperty());
        ScreenHeader header = ScreenHeader.titled(messages.get("exportcopy.title")).busy(model.loadingProperty()).end(refresh, back);

        Label summary = new Label(model.summary());
        summary.setId("exportcopy-summary");
        summary.getStyleClass().add("screen-detail");
        Label hash = new Label(model.hash());
        hash.setId("exportcopy-hash");
        hash.getStyleClass().add("screen-hint");

        Label chooseHint = new Label(messages.get("exportcopy.chooseHint"));
        chooseHint.getStyleClass().add("screen-hint");
        ListView<Row> destinations = new ListView<>(model.rows());
        destinations.setId("exportcopy-destinations");
        destinations.getStyleClass().add("export-destinations");
        destinations.setPlaceholder(new Label(messages.get("exportcopy.noDestination")));
        destinations.setCellFactory(list -> new DestinationCell());
        destinations.getSelectionModel().selectedItemProperty().addListener((property, was, row) -> {
            model.select(row);
            if (row != null && !row.usable()) {
                destinations.getSelectionModel().clearSelection();
            }
        });
        // The list shows the model's choice again after the rows are read anew (free space changes).
        Runnable showChoice = () -> {
            Row chosen = model.selectedProperty().get();
            int index = chosen == null ? -1 : destinations.getItems().stream().map(Row::id).toList().indexOf(chosen.id());
            if (index < 0) {
                destinations.getSelectionModel().clearSelection();
            } else if (destinations.getSelectionModel().getSelectedIndex() != index) {
                destinations.getSelectionModel().select(index);
            }
        };
        model.selectedProperty().addListener((property, was, row) -> showChoice.run());
        model.rows().addListener((javafx.collections.ListChangeListener<Row>) change -> showChoice.run());
        destinations.disableProperty().bind(model.copyingProperty());
        destinations.setPrefHeight(320);

        Button copy = new Button(messages.get("exportcopy.copy"));
        copy.setId("exportcopy-copy");
        copy.setDefaultButton(true);
        copy.setOnAction(event -> model.copy());
        copy.disableProperty().bind(model.selectedProperty().isNull().or(model.copyingProperty()));
        Button cancel = new Button(messages.get("exportcopy.cancel"));
        cancel.setId("exportcopy-cancel");
        cancel.setOnAction(event -> model.cancel());
        cancel.visibleProperty().bind(model.copyingProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        ProgressBar progress = new ProgressBar();
        progress.setId("exportcopy-progress");
        progress.setPrefWidth(420);
        progress.progressProperty().bind(model.progressProperty());
        progress.visibleProperty().bind(model.copyingProperty().or(model.copiedProperty()));
        Button done = new Button(messages.get("exportcopy.done"));
        done.setId("exportcopy-done");
        done.setOnAction(event -> model.done());
        done.visibleProperty().bind(model.copiedProperty());
        HBox actions = new HBox(16, copy, cancel, progress, done);
        actions.setAlignment(Pos.CENTER_LEFT);

        Label message = new Label();
        message.setId("exportcopy-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.visibleProperty().bind(model.messageProperty().isNotEmpty());
        message.managedProperty().bind(message.visibleProperty());
        message.getStyleClass().add("screen-detail");
        model.messageIsErrorProperty().addListener((property, was, isError) ->
                message.getStyleClass().setAll("label", isError ? "error-text" : "screen-detail"));
        Label readBack = new Label();
        readBack.setId("exportcopy-readback");
        readBack.setWrapText(true);
        readBack.textProperty().bind(model.readBackProperty());
        readBack.visibleProperty().bind(model.readBackProperty().isNotEmpty());
        readBack.managedProperty().bind(readBack.visibleProperty());
        readBack.getStyleClass().add("screen-detail");

        VBox body = new VBox(14, summary, hash, chooseHint, destinations, actions, message, readBack);
        VBox.setVgrow(destinations, Priority.ALWAYS);
        body.getStyleClass().add("screen-body");
        setTop(header);
        setCenter(body);
    }

    /// One destination: its name and, below, its identity and free space or why it is refused.
    private static final class DestinationCell extends ListCell<Row> {

        DestinationCell() {
            // As wide as the list, not as its text: long reasons wrap instead of scrolling sideways.
            setPrefWidth(0);
        }

        @Override
        protected void updateItem(Row row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setGraphic(null);
                setText(null);
                setId(null);
                setDisable(false);
                getStyleClass().remove("refused");
                return;
            }
            Label name = new Label(row.title());
            name.getStyleClass().add("export-destination-name");
            Label detail = new Label(row.detail());
            detail.getStyleClass().add(row.usable() ? "export-destination-detail" : "export-destination-refused");
            detail.setWrapText(true);
            setGraphic(new VBox(4, name, detail));
            setText(null);
            setId("exportcopy-destination-" + row.id());
            // Refused storage stays in the list, greyed, so the person sees why their stick is not offered.
            getStyleClass().remove("refused");
            if (!row.usable()) {
                getStyleClass().add("refused");
            }
            setDisable(!row.usable());
        }
    }
}
