package mamori.ui.login;

import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Arc;
import javafx.scene.shape.ArcType;
import javafx.scene.shape.Circle;
import mamori.fingerprint.FingerSimulator.SimulatedFinger;
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

        VBox card = new VBox(28, title, fingerprintMark(), instruction, status, reader);
        card.setAlignment(Pos.CENTER);
        card.getStyleClass().add("card");
        card.setMaxWidth(640);
        card.setMaxHeight(Region.USE_PREF_SIZE);
        setCenter(card);

        if (model.hasSimulator()) {
            setRight(demoPanel(model, messages));
        }
    }

    private static VBox demoPanel(LoginViewModel model, Messages messages) {
        Label heading = new Label(messages.get("login.demo.title"));
        heading.getStyleClass().add("panel-title");
        Label hint = new Label(messages.get("login.demo.hint"));
        hint.setWrapText(true);
        hint.getStyleClass().add("screen-hint");
        VBox panel = new VBox(10, heading, hint);
        panel.setId("demo-reader-panel");
        panel.getStyleClass().add("demo-panel");
        for (SimulatedFinger finger : model.simulatedFingers()) {
            String fingerName = messages.get("finger." + finger.finger());
            String text = finger.owner()
                    .map(owner -> messages.get("login.demo.finger", owner, fingerName))
                    .orElse(messages.get("login.demo.unknownFinger"));
            Button button = new Button(text);
            button.setId(finger.templateId().isPresent() ? "demo-finger-" + finger.templateId().getAsInt() : "demo-finger-unknown");
            button.setMaxWidth(Double.MAX_VALUE);
            button.getStyleClass().add("demo-finger");
            button.setOnAction(event -> model.place(finger));
            panel.getChildren().add(button);
        }
        return panel;
    }

    /// A drawn fingerprint: concentric arcs in a circle (no image files to ship).
    private static StackPane fingerprintMark() {
        StackPane mark = new StackPane();
        mark.getStyleClass().add("fingerprint-mark");
        Circle ring = new Circle(78);
        ring.getStyleClass().add("fingerprint-ring");
        mark.getChildren().add(ring);
        // Nested loops open towards the bottom, like the ridges around a fingerprint's core.
        for (int i = 0; i < 6; i++) {
            double radius = 8 + i * 9;
            Arc ridge = new Arc(0, 0, radius * 0.78, radius, -20 - i * 3, 220 + i * 6);
            ridge.setType(ArcType.OPEN);
            ridge.getStyleClass().add("fingerprint-line");
            mark.getChildren().add(ridge);
        }
        return mark;
    }
}
