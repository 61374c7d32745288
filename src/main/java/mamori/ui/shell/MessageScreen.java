package mamori.ui.shell;

import java.util.Optional;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.VBox;

/// A screen with one message: "starting" (with a spinner) or a fatal start failure (with a way out).
public final class MessageScreen extends VBox {

    public MessageScreen(String id, String title, String detail, boolean busy, Optional<Button> action) {
        setId(id);
        getStyleClass().addAll("screen", "message-screen");
        setAlignment(Pos.CENTER);
        setSpacing(24);
        Label titleLabel = new Label(title);
        titleLabel.setId(id + "-title");
        titleLabel.getStyleClass().add("screen-title");
        Label detailLabel = new Label(detail);
        detailLabel.setId(id + "-detail");
        detailLabel.setWrapText(true);
        detailLabel.setMaxWidth(900);
        detailLabel.getStyleClass().add("screen-detail");
        getChildren().add(titleLabel);
        if (busy) {
            getChildren().add(new ProgressIndicator());
        }
        getChildren().add(detailLabel);
        action.ifPresent(getChildren()::add);
    }
}
