package mamori.ui.export.approval;

import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import mamori.fingerprint.FingerSimulator.SimulatedFinger;
import mamori.ui.Messages;
import mamori.ui.ScreenHeader;

/// What will leave (camera, span, purpose, recipient, requester), the preview, a comment, and
/// approve / deny, each completed by the approver's finger; the demo reader panel on emulators.
public final class ExportApprovalView extends BorderPane {

    /// `preview` is the scrub-able picture of the span, or an empty region where there is none.
    public ExportApprovalView(ExportApprovalViewModel model, Node preview, Messages messages) {
        setId("export-approval-screen");
        getStyleClass().add("screen");

        Button back = new Button(messages.get("export.back"));
        back.setId("export-approval-back");
        back.setOnAction(event -> model.back());
        ScreenHeader header = ScreenHeader.titled(messages.get("export.approval.title")).end(back);

        GridPane facts = new GridPane();
        facts.setHgap(16);
        facts.setVgap(8);
        facts.addRow(0, caption(messages.get("export.approval.camera")), fact("export-approval-camera", model.cameraText()));
        facts.addRow(1, caption(messages.get("export.approval.span")), fact("export-approval-span", model.spanText()));
        facts.addRow(2, caption(messages.get("export.approval.purpose")), fact("export-approval-purpose", model.purposeText()));
        facts.addRow(3, caption(messages.get("export.approval.recipient")), fact("export-approval-recipient", model.recipientText()));
        facts.addRow(4, caption(messages.get("export.approval.requester")), fact("export-approval-requester", model.requesterText()));
        facts.add(fact("export-approval-expires", model.expiresText()), 1, 5);

        TextField comment = new TextField();
        comment.setId("export-approval-comment");
        comment.setPromptText(messages.get("export.approval.commentHint"));
        comment.textProperty().bindBidirectional(model.commentProperty());
        CheckBox liftMasks = new CheckBox(messages.get("export.approval.liftMasks"));
        liftMasks.setId("export-approval-lift-masks");
        liftMasks.selectedProperty().bindBidirectional(model.liftMasksProperty());

        Button approve = new Button(messages.get("export.approval.approve"));
        approve.setId("export-approval-approve");
        approve.setOnAction(event -> model.choose(ExportApprovalViewModel.Choice.APPROVE));
        Button deny = new Button(messages.get("export.approval.deny"));
        deny.setId("export-approval-deny");
        deny.getStyleClass().add("danger");
        deny.setOnAction(event -> model.choose(ExportApprovalViewModel.Choice.DENY));
        Button stop = new Button(messages.get("export.approval.stopWaiting"));
        stop.setId("export-approval-stop-waiting");
        stop.visibleProperty().bind(model.waitingForFingerProperty());
        stop.managedProperty().bind(stop.visibleProperty());
        stop.setOnAction(event -> model.stopWaiting());
        HBox actions = new HBox(12, approve, deny, stop);
        actions.disableProperty().bind(model.decidedProperty());
        comment.disableProperty().bind(model.decidedProperty());
        liftMasks.disableProperty().bind(model.decidedProperty());

        Label status = new Label();
        status.setId("export-approval-status");
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

        HBox.setHgrow(preview, Priority.ALWAYS);
        HBox top = new HBox(24, facts, preview);
        VBox body = new VBox(14, top, comment, liftMasks, actions, status);
        body.getStyleClass().add("screen-body");
        setTop(header);
        setCenter(body);
        if (!model.simulatedFingers().isEmpty()) {
            setRight(demoPanel(model, messages));
        }
    }

    private static Label caption(String text) {
        Label label = new Label(text);
        label.setMinWidth(Region.USE_PREF_SIZE);
        return label;
    }

    private static Label fact(String id, String text) {
        Label label = new Label(text);
        label.setId(id);
        label.setWrapText(true);
        label.getStyleClass().add("export-fact");
        return label;
    }

    /// The emulated reader's fingers, as on the login screen: one button each.
    private static VBox demoPanel(ExportApprovalViewModel model, Messages messages) {
        Label heading = new Label(messages.get("login.demo.title"));
        heading.getStyleClass().add("panel-title");
        Label hint = new Label(messages.get("export.approval.demoHint"));
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        hint.getStyleClass().add("screen-hint");
        VBox panel = new VBox(10, heading, hint);
        panel.setId("demo-reader-panel");
        panel.getStyleClass().add("demo-panel");
        for (SimulatedFinger finger : model.simulatedFingers()) {
            String fingerName = messages.get("finger." + finger.finger());
            Button button = new Button(finger.owner().map(owner -> messages.get("login.demo.finger", owner, fingerName))
                    .orElse(messages.get("login.demo.unknownFinger")));
            button.setId(finger.templateId().isPresent() ? "demo-finger-" + finger.templateId().getAsInt() : "demo-finger-unknown");
            button.setMaxWidth(Double.MAX_VALUE);
            button.getStyleClass().add("demo-finger");
            button.setOnAction(event -> model.place(finger));
            panel.getChildren().add(button);
        }
        return panel;
    }
}
