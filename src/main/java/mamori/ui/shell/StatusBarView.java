package mamori.ui.shell;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.util.Duration;
import mamori.ui.Messages;

/// The bar along the bottom of every screen.
public final class StatusBarView extends HBox {

    private final Timeline ticker;

    public StatusBarView(StatusBarViewModel model, Messages messages) {
        setId("status-bar");
        getStyleClass().add("status-bar");
        setAlignment(Pos.CENTER_LEFT);

        Label product = new Label(messages.get("app.name"));
        product.getStyleClass().add("status-product");
        Label person = label("status-person", model.personProperty().get());
        person.textProperty().bind(model.personProperty());
        Label role = label("status-role", "");
        role.textProperty().bind(model.roleProperty());
        role.visibleProperty().bind(model.roleProperty().isNotEmpty());
        Label terminal = label("status-terminal", "");
        terminal.textProperty().bind(model.terminalProperty());
        Label clock = label("status-clock", "");
        clock.textProperty().bind(model.timeProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        getChildren().addAll(product, person, role, spacer, terminal, clock);

        ticker = new Timeline(new KeyFrame(Duration.seconds(1), event -> model.tick()));
        ticker.setCycleCount(Animation.INDEFINITE);
        ticker.play();
    }

    private static Label label(String id, String text) {
        Label label = new Label(text);
        label.setId(id);
        label.getStyleClass().add(id);
        return label;
    }

    public void stop() {
        ticker.stop();
    }
}
