package mamori.ui.exportcheck;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import mamori.ui.Messages;
import mamori.ui.ScreenHeader;
import mamori.ui.exportcheck.ExportCheckViewModel.Row;
import mamori.ui.exportcheck.ExportCheckViewModel.Verdict;

/// The check screen: packages found on approved media and in the export folder, the passphrase,
/// and the verdict with what the package says.
public final class ExportCheckView extends BorderPane {

    public ExportCheckView(ExportCheckViewModel model, Messages messages) {
        setId("exportcheck-screen");
        getStyleClass().add("screen");

        Button refresh = new Button(messages.get("exportcheck.refresh"));
        refresh.setId("exportcheck-refresh");
        refresh.setOnAction(event -> model.load());
        refresh.disableProperty().bind(model.busyProperty());
        Button back = new Button(messages.get("exportcheck.back"));
        back.setId("exportcheck-back");
        back.setOnAction(event -> model.back());
        back.disableProperty().bind(model.busyProperty());
        ScreenHeader header = ScreenHeader.titled(messages.get("exportcheck.title")).busy(model.busyProperty()).end(refresh, back);

        Label where = new Label(messages.get("exportcheck.where"));
        where.setWrapText(true);
        where.setMinHeight(Region.USE_PREF_SIZE);
        where.getStyleClass().add("screen-hint");
        ListView<Row> packages = new ListView<>(model.rows());
        packages.setId("exportcheck-packages");
        packages.getStyleClass().add("export-destinations");
        packages.setPlaceholder(new Label(messages.get("exportcheck.none")));
        packages.setCellFactory(list -> new PackageCell());
        model.selectedProperty().bind(packages.getSelectionModel().selectedItemProperty());
        packages.disableProperty().bind(model.busyProperty());
        packages.setPrefHeight(260);

        PasswordField passphrase = new PasswordField();
        passphrase.setId("exportcheck-passphrase");
        passphrase.setPromptText(messages.get("exportcheck.passphrase"));
        passphrase.setPrefColumnCount(26);
        Button verify = new Button(messages.get("exportcheck.verify"));
        verify.setId("exportcheck-verify");
        verify.setDefaultButton(true);
        verify.disableProperty().bind(model.busyProperty().or(model.selectedProperty().isNull()).or(passphrase.textProperty().isEmpty()));
        verify.setOnAction(event -> {
            model.verify(passphrase.getText().toCharArray());
            // The field's text cannot be zeroed (a String); it is at least not kept on screen.
            passphrase.clear();
        });
        HBox entry = new HBox(12, passphrase, verify);
        entry.setAlignment(Pos.CENTER_LEFT);

        Label headline = new Label();
        headline.setId("exportcheck-verdict");
        headline.setWrapText(true);
        headline.setMinHeight(Region.USE_PREF_SIZE);
        headline.textProperty().bind(model.headlineProperty());
        model.verdictProperty().addListener((property, was, shown) -> {
            headline.getStyleClass().removeAll("verdict-accepted", "error-text");
            if (shown == Verdict.ACCEPTED) {
                headline.getStyleClass().add("verdict-accepted");
            } else if (shown == Verdict.REJECTED || shown == Verdict.FAILED) {
                headline.getStyleClass().add("error-text");
            }
        });
        ListView<String> details = new ListView<>(model.details());
        details.setId("exportcheck-details");
        details.setFocusTraversable(false);
        details.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(model.details()));
        details.managedProperty().bind(details.visibleProperty());
        VBox.setVgrow(details, Priority.ALWAYS);

        VBox body = new VBox(14, where, packages, entry, headline, details);
        body.getStyleClass().add("screen-body");
        setTop(header);
        setCenter(body);
    }

    private static final class PackageCell extends ListCell<Row> {
        @Override
        protected void updateItem(Row row, boolean empty) {
            super.updateItem(row, empty);
            if (empty || row == null) {
                setText(null);
                setGraphic(null);
                return;
            }
            Label name = new Label(row.title());
            name.getStyleClass().add("export-destination-name");
            Label detail = new Label(row.detail());
            detail.getStyleClass().add("export-destination-detail");
            setText(null);
            setGraphic(new VBox(2, name, detail));
        }
    }
}
