package mamori.ui.login;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import mamori.ui.Messages;

/// The login screen: "place your finger", the reader's answer, and in the demo a panel that
/// places an emulated finger on the emulated reader.
public final class LoginView extends BorderPane {

    public LoginView(LoginViewModel model, Messages messages) {
        setId("login-screen");
        getStyleClass().add("screen");

        Label title = new Label(messages.get("login.title"));
        title.setId("login-title");
        title.getStyleClass().add("screen-title");
        Label instruction = new Label(messages.get("login.instruction"));
        instruction.setId("login-instruction");
        instruction.getStyleClass().add("screen-detail");
        Label status = new Label();
        status.setId("login-status");
        status.getStyleClass().add("login-status");
        status.textProperty().bind(model.statusProperty());
        model.statusIsErrorProperty().addListener((property, was, isError) -> {
            status.getStyleClass().remove("error");
            if (isError) {
                status.getStyleClass().add("error");
            }
        });
        Label reader = new Label(messages.get("login.reader", model.readerModel()));
        reader.setId("login-reader");
        reader.getStyleClass().add("screen-hint");

        VBox card = new VBox(28, title, ReaderNodes.fingerprintMark(), instruction, status, reader);
        if (model.offersPinAlone()) {
            javafx.scene.control.Button pinAlone = new javafx.scene.control.Button(messages.get("pin.login.alone"));
            pinAlone.setId("login-pin-alone");
            pinAlone.setOnAction(event -> model.openPinAlone());
            card.getChildren().add(pinAlone);
        }
        card.setAlignment(Pos.CENTER);
        card.getStyleClass().add("card");
        card.setMaxWidth(640);
        card.setMaxHeight(Region.USE_PREF_SIZE);
        setCenter(card);

        if (model.hasSimulator()) {
            setRight(ReaderNodes.demoPanel(model.simulatedFingers(), model::place, messages));
        }
    }
}
