package mamori.ui.pin;

import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import mamori.ui.Messages;

/// The PIN pad of a login: who is asked, the dots, the pad, the time left and a way back.
public final class PinLoginView extends BorderPane {

    public PinLoginView(PinLoginViewModel model, Messages messages) {
        setId("pin-login-screen");
        getStyleClass().add("screen");

        Label title = new Label(model.title());
        title.setId("pin-title");
        title.getStyleClass().add("screen-title");
        Label status = new Label();
        status.setId("pin-status");
        status.getStyleClass().add("login-status");
        status.setWrapText(true);
        status.setMaxWidth(500);
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.setAlignment(Pos.CENTER);
        status.textProperty().bind(model.statusProperty());
        model.statusIsErrorProperty().addListener((property, was, isError) -> {
            status.getStyleClass().remove("error");
            if (isError) {
                status.getStyleClass().add("error");
            }
        });
        Label timeLeft = new Label();
        timeLeft.setId("pin-time-left");
        timeLeft.getStyleClass().add("screen-hint");
        timeLeft.textProperty().bind(model.timeLeftProperty());
        Button back = new Button(messages.get("pin.pad.back"));
        back.setId("pin-back");
        back.setFocusTraversable(false);
        back.setOnAction(event -> model.back());
        back.disableProperty().bind(model.busyProperty());

        VBox card = new VBox(12, title, status);
        if (model.asksPersonId()) {
            TextField personId = new TextField();
            personId.setId("pin-person-id");
            personId.setPromptText(messages.get("pin.pad.personId"));
            personId.setMaxWidth(320);
            personId.textProperty().bindBidirectional(model.personIdProperty());
            personId.setAccessibleText(messages.get("pin.pad.personId"));
            card.getChildren().add(personId);
            Platform.runLater(personId::requestFocus);
        }
        card.getChildren().addAll(PinPadNodes.dots(model.maskedProperty()),
                PinPadNodes.pad(model::digit, model::eraseOne, model::submit, messages), timeLeft, back);
        card.setAlignment(Pos.CENTER);
        card.getStyleClass().add("card");
        card.setMaxWidth(560);
        card.setMaxHeight(Region.USE_PREF_SIZE);
        setCenter(card);
        PinPadNodes.keyboard(this, model::digit, model::eraseOne, model::submit);
        PinPadNodes.everySecond(this, model.finishedProperty(), model::tick);
    }
}
