package mamori.ui.login;

import java.util.List;
import java.util.function.Consumer;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.shape.Arc;
import javafx.scene.shape.ArcType;
import javafx.scene.shape.Circle;
import mamori.fingerprint.FingerSimulator.SimulatedFinger;
import mamori.ui.Messages;

/// The nodes the login and the lock screen share: the drawn fingerprint and the demo reader panel
/// (which the people screen shows too, to place fingers during an enrolment).
public final class ReaderNodes {

    private ReaderNodes() {
    }

    /// The demo panel: one button per emulated finger, placing it on the emulated reader.
    public static VBox demoPanel(List<SimulatedFinger> fingers, Consumer<SimulatedFinger> place, Messages messages) {
        Label heading = new Label(messages.get("login.demo.title"));
        heading.getStyleClass().add("panel-title");
        Label hint = new Label(messages.get("login.demo.hint"));
        hint.setWrapText(true);
        hint.getStyleClass().add("screen-hint");
        VBox panel = new VBox(10, heading, hint);
        panel.setId("demo-reader-panel");
        panel.getStyleClass().add("demo-panel");
        for (SimulatedFinger finger : fingers) {
            String fingerName = messages.get("finger." + finger.finger());
            String text = finger.isNew() ? fingerName : finger.owner()
                    .map(owner -> messages.get("login.demo.finger", owner, fingerName))
                    .orElse(messages.get("login.demo.unknownFinger"));
            Button button = new Button(text);
            button.setId(finger.templateId().isPresent() ? "demo-finger-" + finger.templateId().getAsInt()
                    : finger.isNew() ? "demo-finger-new" : "demo-finger-unknown");
            button.setMaxWidth(Double.MAX_VALUE);
            button.getStyleClass().add("demo-finger");
            button.setOnAction(event -> place.accept(finger));
            panel.getChildren().add(button);
        }
        return panel;
    }

    /// A drawn fingerprint: concentric arcs in a circle (no image files to ship).
    static StackPane fingerprintMark() {
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
