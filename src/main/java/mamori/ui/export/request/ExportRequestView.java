package mamori.ui.export.request;

import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import mamori.export.RecipientKind;
import mamori.ui.Messages;
import mamori.ui.ScreenHeader;

/// The export request form and, once sent, the waiting notice with "approve now".
public final class ExportRequestView extends BorderPane {

    public ExportRequestView(ExportRequestViewModel model, Messages messages) {
        setId("export-request-screen");
        getStyleClass().add("screen");

        Button back = new Button(messages.get("export.back"));
        back.setId("export-request-back");
        back.setOnAction(event -> model.back());
        ScreenHeader header = ScreenHeader.titled(messages.get("export.request.title")).end(back);

        Label camera = new Label(model.cameraTitle());
        camera.setId("export-request-camera");
        camera.getStyleClass().add("camera-name");
        Label recorded = new Label(model.recordedText());
        recorded.getStyleClass().add("screen-detail");

        TextField from = new TextField();
        from.setId("export-request-from");
        from.textProperty().bindBidirectional(model.fromProperty());
        TextField to = new TextField();
        to.setId("export-request-to");
        to.textProperty().bindBidirectional(model.toProperty());
        TextField purpose = new TextField();
        purpose.setId("export-request-purpose");
        purpose.setPromptText(messages.get("export.request.purposeHint"));
        purpose.textProperty().bindBidirectional(model.purposeProperty());
        ChoiceBox<RecipientKind> kind = new ChoiceBox<>();
        kind.setId("export-request-recipient-kind");
        kind.getItems().setAll(RecipientKind.values());
        kind.setConverter(new StringConverter<>() {
            @Override
            public String toString(RecipientKind value) {
                return value == null ? "" : messages.get("export.recipient." + value.name());
            }

            @Override
            public RecipientKind fromString(String text) {
                return null;
            }
        });
        kind.valueProperty().bindBidirectional(model.recipientKindProperty());
        TextField recipient = new TextField();
        recipient.setId("export-request-recipient");
        recipient.setPromptText(messages.get("export.request.recipientHint"));
        recipient.textProperty().bindBidirectional(model.recipientTextProperty());

        GridPane form = new GridPane();
        form.setHgap(16);
        form.setVgap(12);
        form.addRow(0, new Label(messages.get("export.request.from")), from);
        form.addRow(1, new Label(messages.get("export.request.to")), to);
        form.addRow(2, new Label(messages.get("export.request.purpose")), purpose);
        form.addRow(3, new Label(messages.get("export.request.recipient")), new HBox(12, kind, recipient));
        GridPane.setHgrow(purpose, Priority.ALWAYS);
        purpose.setPrefColumnCount(40);
        recipient.setPrefColumnCount(28);
        form.disableProperty().bind(model.submittedProperty().or(model.busyProperty()));

        Button submit = new Button(messages.get("export.request.submit"));
        submit.setId("export-request-submit");
        submit.setDefaultButton(true);
        submit.disableProperty().bind(model.busyProperty());
        submit.visibleProperty().bind(model.submittedProperty().not());
        submit.managedProperty().bind(submit.visibleProperty());
        submit.setOnAction(event -> model.submit());
        Button approveNow = new Button(messages.get("export.request.approveNow"));
        approveNow.setId("export-request-approve-now");
        approveNow.visibleProperty().bind(model.submittedProperty());
        approveNow.managedProperty().bind(approveNow.visibleProperty());
        approveNow.setOnAction(event -> model.approveNow());

        Label status = new Label();
        status.setId("export-request-status");
        status.setWrapText(true);
        status.textProperty().bind(model.statusProperty());
        status.getStyleClass().add("export-status");
        model.statusIsErrorProperty().addListener((property, was, isError) -> {
            if (isError) {
                status.getStyleClass().add("error");
            } else {
                status.getStyleClass().remove("error");
            }
        });

        VBox body = new VBox(18, camera, recorded, form, new HBox(16, submit, approveNow), status);
        body.getStyleClass().add("screen-body");
        setTop(header);
        setCenter(body);
    }
}
