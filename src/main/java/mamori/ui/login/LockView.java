package mamori.ui.login;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import mamori.ui.Messages;

/// The lock screen: whose session is locked, "place your finger", the reader's answer, and the demo
/// reader panel (so the demo can unlock too).
public final class LockView extends BorderPane {

    public LockView(LockViewModel model, Messages messages) {
        setId("lock-screen");
        getStyleClass().add("screen");

        Label title = new Label(messages.get("lock.title"));
        title.setId("lock-title");
        title.getStyleClass().add("screen-title");
        Label who = new Label(model.lockedFor());
        who.setId("lock-who");
        who.getStyleClass().add("lock-who");
        Label since = new Label(model.since());
        since.setId("lock-since");
        since.getStyleClass().add("screen-detail");
        Label instruction = new Label(model.instruction());
        instruction.setId("lock-instruction");
        instruction.setWrapText(true);
        instruction.getStyleClass().add("screen-detail");
        Label status = new Label();
        status.setId("lock-status");
        status.getStyleClass().add("login-status");
        status.textProperty().bind(model.statusProperty());
        model.statusIsErrorProperty().addListener((property, was, isError) -> {
            status.getStyleClass().remove("error");
            if (isError) {
                status.getStyleClass().add("error");
            }
        });

        VBox person = new VBox(6, who, since);
        person.setAlignment(Pos.CENTER);
        VBox card = new VBox(24, title, person, ReaderNodes.fingerprintMark(), instruction, status);
        card.setAlignment(Pos.CENTER);
        card.getStyleClass().addAll("card", "lock-card");
        card.setMaxWidth(680);
        card.setMaxHeight(Region.USE_PREF_SIZE);
        setCenter(card);

        if (model.hasSimulator()) {
            setRight(ReaderNodes.demoPanel(model.simulatedFingers(), model::place, messages));
        }
    }
}
