package mamori.ui.export.production;

import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import mamori.ui.Messages;
import mamori.ui.ScreenHeader;

/// Progress and cancel; then the SHA-256, the passphrase in large type with "I have noted it",
/// and the copy to media.
public final class ExportProductionView extends BorderPane {

    public ExportProductionView(ExportProductionViewModel model, Messages messages) {
        setId("export-production-screen");
        getStyleClass().add("screen");

        ScreenHeader header = ScreenHeader.titled(messages.get("export.production.title"));

        Label who = new Label(model.approverText());
        who.getStyleClass().add("screen-detail");
        ProgressBar bar = new ProgressBar();
        bar.setId("export-production-progress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.setPrefHeight(28);
        bar.progressProperty().bind(model.progressProperty());
        Button cancel = new Button(messages.get("export.production.cancel"));
        cancel.setId("export-production-cancel");
        cancel.getStyleClass().add("danger");
        cancel.visibleProperty().bind(model.runningProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(event -> model.cancel());

        Label status = new Label();
        status.setId("export-production-status");
        status.setWrapText(true);
        status.getStyleClass().add("export-status");
        status.textProperty().bind(model.statusProperty());
        model.statusIsErrorProperty().addListener((property, was, isError) -> {
            if (isError) {
                status.getStyleClass().add("error");
            } else {
                status.getStyleClass().remove("error");
            }
        });

        Label shaTitle = new Label(messages.get("export.production.sha256"));
        Label sha = new Label();
        sha.setId("export-production-sha256");
        sha.getStyleClass().add("export-sha256");
        sha.textProperty().bind(model.sha256Property());
        VBox hash = new VBox(4, shaTitle, sha);
        hash.visibleProperty().bind(model.producedProperty());
        hash.managedProperty().bind(hash.visibleProperty());

        Label passphraseTitle = new Label(messages.get("export.production.passphraseTitle"));
        passphraseTitle.getStyleClass().add("panel-title");
        Label passphraseHint = new Label(messages.get("export.production.passphraseHint"));
        passphraseHint.setWrapText(true);
        Label passphrase = new Label();
        passphrase.setId("export-production-passphrase");
        passphrase.getStyleClass().add("export-passphrase");
        passphrase.textProperty().bind(model.passphraseProperty());
        Button noted = new Button(messages.get("export.production.noted"));
        noted.setId("export-production-noted");
        noted.setOnAction(event -> model.noted());
        VBox secret = new VBox(10, passphraseTitle, passphraseHint, passphrase, noted);
        secret.setId("export-production-passphrase-box");
        secret.getStyleClass().add("export-passphrase-box");
        secret.visibleProperty().bind(model.passphraseShownProperty());
        secret.managedProperty().bind(secret.visibleProperty());

        Button copy = new Button(messages.get("export.production.copyToMedia"));
        copy.setId("export-production-copy");
        copy.visibleProperty().bind(model.producedProperty().and(model.passphraseShownProperty().not()));
        copy.managedProperty().bind(copy.visibleProperty());
        copy.setOnAction(event -> model.copyToMedia());
        Button home = new Button(messages.get("export.production.home"));
        home.setId("export-production-home");
        home.visibleProperty().bind(model.runningProperty().not().and(model.passphraseShownProperty().not()));
        home.managedProperty().bind(home.visibleProperty());
        home.setOnAction(event -> model.done());

        VBox body = new VBox(18, who, bar, new HBox(12, cancel), status, hash, secret, new HBox(12, copy, home));
        body.getStyleClass().add("screen-body");
        setTop(header);
        setCenter(body);
    }
}
