package mamori.ui.masks;

import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import javafx.scene.shape.Circle;
import javafx.scene.shape.Polygon;
import javafx.scene.shape.Polyline;
import mamori.camera.PrivacyMask;
import mamori.playback.CameraStill;
import mamori.ui.Messages;
import mamori.ui.ScreenHeader;

/// The mask editor: the still with the masks drawn over it (filled half-transparent, so the
/// administrator sees what they cover; the player fills them opaque), the list of masks and the
/// editing buttons. A click adds a corner to the polygon being drawn, a double click or "close"
/// closes it; a corner is dragged to move it, chosen to delete it; a click inside a mask chooses it.
public final class MasksView extends BorderPane {

    private static final double HANDLE_RADIUS = 6;
    private static final double HANDLE_REACH = 9;

    private final MasksViewModel model;
    private final ImageView picture = new ImageView();
    private final Pane overlay = new Pane();
    private boolean dragging;
    private boolean pressHandled;

    public MasksView(MasksViewModel model, Messages messages) {
        this.model = model;
        setId("masks-screen");
        getStyleClass().add("screen");

        Button save = button("masks-save", messages.get("masks.save"), model::save);
        save.disableProperty().bind(model.editableProperty().not());
        Button cancel = button("masks-cancel", messages.get("masks.cancel"), model::cancel);
        ScreenHeader header = ScreenHeader.titled(model.title()).busy(model.busyProperty()).end(save, cancel);

        Label message = new Label();
        message.setId("masks-message");
        message.setWrapText(true);
        message.textProperty().bind(model.messageProperty());
        message.getStyleClass().add("screen-detail");
        model.messageIsErrorProperty().addListener((property, was, isError) ->
                message.getStyleClass().setAll("label", isError ? "error-text" : "screen-detail"));

        picture.setId("masks-picture");
        overlay.setId("masks-overlay");
        overlay.setPickOnBounds(true);
        StackPane canvas = new StackPane(picture, overlay);
        canvas.setAlignment(Pos.TOP_LEFT);
        canvas.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        model.stillProperty().addListener((property, was, still) -> showStill(still));
        overlay.addEventHandler(MouseEvent.MOUSE_PRESSED, this::pressed);
        overlay.addEventHandler(MouseEvent.MOUSE_DRAGGED, this::dragged);
        overlay.addEventHandler(MouseEvent.MOUSE_RELEASED, event -> dragging = false);
        overlay.addEventHandler(MouseEvent.MOUSE_CLICKED, this::clicked);
        model.masks().addListener((ListChangeListener<MasksViewModel.Mask>) change -> redraw());
        model.drawing().addListener((ListChangeListener<PrivacyMask.Point>) change -> redraw());
        model.selectedMaskProperty().addListener((property, was, now) -> redraw());
        model.selectedCornerProperty().addListener((property, was, now) -> redraw());

        ListView<MasksViewModel.Mask> list = new ListView<>(model.masks());
        list.setId("masks-list");
        list.setPlaceholder(new Label(messages.get("masks.none")));
        list.setPrefHeight(200);
        list.getSelectionModel().selectedIndexProperty().addListener((property, was, index) -> {
            if (index.intValue() >= 0 && index.intValue() != model.selectedMaskProperty().get()) {
                model.select(index.intValue(), -1);
            }
        });
        model.selectedMaskProperty().addListener((property, was, index) -> {
            if (list.getSelectionModel().getSelectedIndex() != index.intValue()) {
                if (index.intValue() < 0) {
                    list.getSelectionModel().clearSelection();
                } else {
                    list.getSelectionModel().select(index.intValue());
                }
            }
        });
        TextField label = new TextField();
        label.setId("masks-label");
        label.setPromptText(messages.get("masks.labelPrompt"));
        label.textProperty().bindBidirectional(model.labelProperty());
        Button close = button("masks-close", messages.get("masks.close"), model::closePolygon);
        Button undo = button("masks-undo", messages.get("masks.undo"), model::undoCorner);
        Button deleteCorner = button("masks-delete-corner", messages.get("masks.deleteCorner"), model::deleteCorner);
        Button deleteMask = button("masks-delete", messages.get("masks.delete"), model::deleteMask);
        deleteMask.getStyleClass().add("danger");
        Label listTitle = new Label(messages.get("masks.list"));
        listTitle.getStyleClass().add("section-title");
        Label drawTitle = new Label(messages.get("masks.drawing"));
        drawTitle.getStyleClass().add("section-title");
        for (Button each : List.of(close, undo, deleteCorner, deleteMask)) {
            each.setMaxWidth(Double.MAX_VALUE);
        }
        VBox side = new VBox(10, drawTitle, label, new HBox(8, close, undo), listTitle, list, new HBox(8, deleteCorner, deleteMask));
        side.setId("masks-side");
        side.setPrefWidth(300);
        side.setMinWidth(280);
        side.disableProperty().bind(model.editableProperty().not());

        HBox main = new HBox(20, canvas, side);
        VBox body = new VBox(12, message, main);
        body.getStyleClass().add("screen-body");
        setTop(header);
        setCenter(body);
    }

    private void showStill(CameraStill.Still still) {
        if (still == null) {
            picture.setImage(null);
            overlay.getChildren().clear();
            return;
        }
        WritableImage image = new WritableImage(still.width(), still.height());
        image.getPixelWriter().setPixels(0, 0, still.width(), still.height(), PixelFormat.getByteBgraPreInstance(), still.bgra(), 0,
                still.width() * 4);
        picture.setImage(image);
        overlay.setPrefSize(still.width(), still.height());
        overlay.setMinSize(still.width(), still.height());
        overlay.setMaxSize(still.width(), still.height());
        redraw();
    }

    private double width() {
        return picture.getImage() == null ? 1 : picture.getImage().getWidth();
    }

    private double height() {
        return picture.getImage() == null ? 1 : picture.getImage().getHeight();
    }

    private void pressed(MouseEvent event) {
        pressHandled = false;
        if (event.getButton() != MouseButton.PRIMARY || picture.getImage() == null) {
            return;
        }
        List<MasksViewModel.Mask> masks = model.masks();
        for (int m = masks.size() - 1; m >= 0; m--) {
            List<PrivacyMask.Point> corners = masks.get(m).corners();
            for (int c = 0; c < corners.size(); c++) {
                if (Math.hypot(corners.get(c).x() * width() - event.getX(), corners.get(c).y() * height() - event.getY()) <= HANDLE_REACH) {
                    model.select(m, c);
                    dragging = true;
                    pressHandled = true;
                    return;
                }
            }
        }
        if (model.drawing().isEmpty()) {
            for (int m = masks.size() - 1; m >= 0; m--) {
                if (polygon(masks.get(m).corners()).contains(event.getX(), event.getY())) {
                    model.select(m, -1);
                    pressHandled = true;
                    return;
                }
            }
        }
    }

    private void dragged(MouseEvent event) {
        if (dragging) {
            model.moveCorner(model.selectedMaskProperty().get(), model.selectedCornerProperty().get(), event.getX() / width(),
                    event.getY() / height());
        }
    }

    private void clicked(MouseEvent event) {
        if (event.getButton() != MouseButton.PRIMARY || pressHandled || picture.getImage() == null) {
            return;
        }
        if (event.getClickCount() >= 2) {
            model.closePolygon();
        } else {
            model.addCorner(event.getX() / width(), event.getY() / height());
        }
    }

    private Polygon polygon(List<PrivacyMask.Point> corners) {
        Polygon polygon = new Polygon();
        for (PrivacyMask.Point corner : corners) {
            polygon.getPoints().addAll(corner.x() * width(), corner.y() * height());
        }
        return polygon;
    }

    private void redraw() {
        overlay.getChildren().clear();
        if (picture.getImage() == null) {
            return;
        }
        List<MasksViewModel.Mask> masks = model.masks();
        for (int m = 0; m < masks.size(); m++) {
            boolean chosen = m == model.selectedMaskProperty().get();
            Polygon shape = polygon(masks.get(m).corners());
            shape.setId("masks-shape-" + m);
            shape.setFill(Color.rgb(48, 48, 48, 0.6));
            shape.setStroke(chosen ? Color.web("#ffca28") : Color.web("#4fc3f7"));
            shape.setStrokeWidth(chosen ? 3 : 2);
            shape.setMouseTransparent(true);
            overlay.getChildren().add(shape);
            List<PrivacyMask.Point> corners = masks.get(m).corners();
            for (int c = 0; c < corners.size(); c++) {
                overlay.getChildren().add(handle(corners.get(c), chosen && c == model.selectedCornerProperty().get()
                        ? Color.web("#ffca28") : Color.WHITE));
            }
        }
        List<PrivacyMask.Point> drawing = model.drawing();
        if (!drawing.isEmpty()) {
            Polyline line = new Polyline();
            for (PrivacyMask.Point corner : drawing) {
                line.getPoints().addAll(corner.x() * width(), corner.y() * height());
            }
            line.setId("masks-drawing");
            line.setStroke(Color.web("#ff7043"));
            line.setStrokeWidth(2);
            line.setMouseTransparent(true);
            overlay.getChildren().add(line);
            for (PrivacyMask.Point corner : drawing) {
                overlay.getChildren().add(handle(corner, Color.web("#ff7043")));
            }
        }
    }

    private Circle handle(PrivacyMask.Point corner, Color fill) {
        Circle handle = new Circle(corner.x() * width(), corner.y() * height(), HANDLE_RADIUS, fill);
        handle.setStroke(Color.BLACK);
        handle.setMouseTransparent(true);
        handle.getStyleClass().add("masks-corner");
        return handle;
    }

    private static Button button(String id, String text, Runnable action) {
        Button button = new Button(text);
        button.setId(id);
        button.setOnAction(event -> action.run());
        return button;
    }
}
