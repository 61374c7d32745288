package mamori.ui.pin;

import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.GridPane;
import mamori.ui.Messages;

/// The parts every PIN screen shares: the dots, the 3x4 pad of on-screen digits (ids `pin-digit-0`
/// to `pin-digit-9`, `pin-erase`, `pin-ok`) and the keyboard (digits, the number block, Backspace,
/// Enter) routed to the same actions.
final class PinPadNodes {

    private PinPadNodes() {
    }

    static Label dots(javafx.beans.value.ObservableStringValue masked) {
        Label dots = new Label();
        dots.setId("pin-dots");
        dots.getStyleClass().add("pin-dots");
        dots.textProperty().bind(masked);
        dots.setMinHeight(40);
        return dots;
    }

    static GridPane pad(Consumer<Character> digit, Runnable erase, Runnable ok, Messages messages) {
        GridPane pad = new GridPane();
        pad.setId("pin-pad");
        pad.getStyleClass().add("pin-pad");
        pad.setHgap(10);
        pad.setVgap(8);
        pad.setAlignment(Pos.CENTER);
        for (int i = 1; i <= 9; i++) {
            pad.add(digitButton((char) ('0' + i), digit), (i - 1) % 3, (i - 1) / 3);
        }
        Button eraseButton = new Button("⌫");
        eraseButton.setId("pin-erase");
        eraseButton.setAccessibleText(messages.get("pin.pad.erase"));
        eraseButton.setOnAction(event -> erase.run());
        Button okButton = new Button(messages.get("pin.pad.ok"));
        okButton.setId("pin-ok");
        okButton.getStyleClass().add("primary");
        okButton.setOnAction(event -> ok.run());
        pad.add(eraseButton, 0, 3);
        pad.add(digitButton('0', digit), 1, 3);
        pad.add(okButton, 2, 3);
        for (Node node : pad.getChildren()) {
            ((Button) node).setFocusTraversable(false);
            ((Button) node).setPrefSize(88, 52);
        }
        return pad;
    }

    private static Button digitButton(char value, Consumer<Character> digit) {
        Button button = new Button(String.valueOf(value));
        button.setId("pin-digit-" + value);
        button.setOnAction(event -> digit.accept(value));
        return button;
    }

    /// Digits, Backspace and Enter typed while `screen` is shown, except in a text field, go to the pad.
    /// The keys are taken from the scene, so they reach the pad wherever the focus is.
    static void keyboard(Node screen, Consumer<Character> digit, Runnable erase, Runnable ok) {
        javafx.event.EventHandler<KeyEvent> keys = event -> {
            KeyCode code = event.getCode();
            boolean inField = event.getTarget() instanceof TextInputControl;
            if (code == KeyCode.ENTER) {
                ok.run();
                event.consume();
            } else if (inField) {
                return;
            } else if (code.isDigitKey()) {
                String name = code.getName();
                digit.accept(name.charAt(name.length() - 1));
                event.consume();
            } else if (code == KeyCode.BACK_SPACE) {
                erase.run();
                event.consume();
            }
        };
        screen.sceneProperty().addListener((property, was, scene) -> {
            if (was != null) {
                was.removeEventFilter(KeyEvent.KEY_PRESSED, keys);
            }
            if (scene != null) {
                scene.addEventFilter(KeyEvent.KEY_PRESSED, keys);
            }
        });
        if (screen.getScene() != null) {
            screen.getScene().addEventFilter(KeyEvent.KEY_PRESSED, keys);
        }
    }

    /// Runs `tick` once a second while `finished` is false and the screen is shown.
    static void everySecond(Node screen, javafx.beans.value.ObservableBooleanValue finished, Runnable tick) {
        javafx.animation.Timeline timeline = new javafx.animation.Timeline(
                new javafx.animation.KeyFrame(javafx.util.Duration.seconds(1), event -> tick.run()));
        timeline.setCycleCount(javafx.animation.Animation.INDEFINITE);
        timeline.play();
        finished.addListener((property, was, done) -> {
            if (done) {
                timeline.stop();
            }
        });
        screen.sceneProperty().addListener((property, was, scene) -> {
            if (scene == null && was != null) {
                timeline.stop();
            }
        });
    }
}
