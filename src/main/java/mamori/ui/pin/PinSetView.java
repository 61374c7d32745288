package mamori.ui.pin;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import mamori.ui.Messages;

/// Setting one's own PIN on the pad: why, which entry, the dots, the pad, and the way out.
public final class PinSetView extends BorderPane {

    public PinSetView(PinSetViewModel model, Messages messages) {
        setId("pin-set-screen");
        getStyleClass().add("screen");
        Label title = new Label(messages.get("pin.set.title"));
        title.setId("pin-set-title");
        title.getStyleClass().add("screen-title");
        Label explanation = new Label(model.explanation());
        explanation.setId("pin-set-explanation");
        explanation.getStyleClass().add("screen-detail");
        explanation.setWrapText(true);
        explanation.setMaxWidth(520);
        explanation.setMinHeight(Region.USE_PREF_SIZE);
        explanation.setTextAlignment(javafx.scene.text.TextAlignment.CENTER);
        Label step = new Label();
        step.setId("pin-set-step");
        step.textProperty().bind(model.stepProperty());
        Label status = new Label();
        status.setId("pin-status");
        status.getStyleClass().add("login-status");
        status.setWrapText(true);
        status.setMaxWidth(520);
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.setAlignment(Pos.CENTER);
        status.textProperty().bind(model.statusProperty());
        model.statusIsErrorProperty().addListener((property, was, isError) -> {
            status.getStyleClass().remove("error");
            if (isError) {
                status.getStyleClass().add("error");
            }
        });
        Button leave = new Button(model.leaveLabel());
        leave.setId("pin-set-leave");
        leave.setFocusTraversable(false);
        leave.disableProperty().bind(model.busyProperty());
        leave.setOnAction(event -> model.leave());

        VBox card = new VBox(12, title, explanation, step, PinPadNodes.dots(model.maskedProperty()),
                PinPadNodes.pad(model::digit, model::eraseOne, model::submit, messages), status, leave);
        card.setAlignment(Pos.CENTER);
        card.getStyleClass().add("card");
        card.setMaxWidth(600);
        card.setMaxHeight(Region.USE_PREF_SIZE);
        setCenter(card);
        PinPadNodes.keyboard(this, model::digit, model::eraseOne, model::submit);
    }
}
