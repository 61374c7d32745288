package mamori.ui.export.approval;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.Slider;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import mamori.ui.Messages;

/// The preview: the picture (once the player is open), a slider over the request's span and the
/// time shown.
public final class ExportPreviewView extends VBox {

    /// The picture area; the player decodes to fit it (see [#PICTURE_WIDTH]).
    public static final int PICTURE_WIDTH = 440;
    public static final int PICTURE_HEIGHT = 250;

    private final StackPane picture = new StackPane();

    public ExportPreviewView(ExportPreviewViewModel model, Messages messages) {
        super(8);
        setId("export-preview");
        picture.setId("export-preview-picture");
        picture.getStyleClass().add("player-picture");
        picture.setMinSize(PICTURE_WIDTH, PICTURE_HEIGHT);
        picture.setPrefSize(PICTURE_WIDTH, PICTURE_HEIGHT);
        javafx.scene.shape.Rectangle clip = new javafx.scene.shape.Rectangle();
        clip.widthProperty().bind(picture.widthProperty());
        clip.heightProperty().bind(picture.heightProperty());
        picture.setClip(clip);
        Slider slider = new Slider(0, 1, 0);
        slider.setId("export-preview-slider");
        slider.disableProperty().bind(model.readyProperty().not());
        HBox.setHgrow(slider, Priority.ALWAYS);
        model.positionProperty().addListener((property, was, now) -> {
            if (!slider.isValueChanging() && !slider.isPressed()) {
                slider.setValue(now.doubleValue());
            }
        });
        slider.setOnMousePressed(event -> model.beginDrag());
        slider.valueProperty().addListener((property, was, now) -> {
            if (slider.isValueChanging() || slider.isPressed()) {
                model.drag(now.doubleValue());
            }
        });
        slider.setOnMouseReleased(event -> model.endDrag(slider.getValue()));
        Label position = new Label();
        position.setId("export-preview-position");
        position.getStyleClass().add("player-position");
        position.textProperty().bind(model.positionTextProperty());
        Label status = new Label();
        status.setId("export-preview-status");
        status.getStyleClass().add("screen-hint");
        status.textProperty().bind(model.statusProperty());
        HBox controls = new HBox(12, new Label(messages.get("export.preview.title")), slider);
        controls.setAlignment(Pos.CENTER_LEFT);
        getChildren().addAll(picture, controls, position, status);
        status.setWrapText(true);
    }

    /// Shows the player's picture once it is open.
    public void showPicture(Node view) {
        picture.getChildren().setAll(view);
    }
}
