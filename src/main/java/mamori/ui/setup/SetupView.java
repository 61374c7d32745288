package mamori.ui.setup;

import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.VBox;

/// The first-run screen: a progress bar while the demo recordings are made.
public final class SetupView extends VBox {

    public SetupView(SetupViewModel model) {
        setId("setup-screen");
        getStyleClass().addAll("screen", "message-screen");
        setAlignment(Pos.CENTER);
        setSpacing(20);
        Label title = new Label(model.title());
        title.setId("setup-title");
        title.getStyleClass().add("screen-title");
        Label detail = new Label(model.detail());
        detail.setWrapText(true);
        detail.setMaxWidth(800);
        detail.getStyleClass().add("screen-detail");
        ProgressBar bar = new ProgressBar();
        bar.setId("setup-progress");
        bar.setPrefWidth(640);
        bar.progressProperty().bind(model.progressProperty());
        Label percent = new Label();
        percent.setId("setup-percent");
        percent.getStyleClass().add("screen-detail");
        percent.textProperty().bind(model.percentProperty());
        getChildren().addAll(title, detail, bar, percent);
    }
}
