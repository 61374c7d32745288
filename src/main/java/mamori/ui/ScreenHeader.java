package mamori.ui;

import javafx.beans.value.ObservableBooleanValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/// The line at the top of a screen: its title, a busy indicator while the screen works in the
/// background, and its buttons (back last) at the right edge.
///
/// `ScreenHeader.titled(text).busy(model.busyProperty()).end(refresh, back)`
public final class ScreenHeader extends HBox {

    private final Label title;

    private ScreenHeader(String text) {
        super(16);
        title = new Label(text);
        title.getStyleClass().add("screen-title");
        getChildren().add(title);
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("screen-header");
    }

    public static ScreenHeader titled(String text) {
        return new ScreenHeader(text);
    }

    /// The title's id, for screens whose tests read it.
    public ScreenHeader id(String titleId) {
        title.setId(titleId);
        return this;
    }

    /// A spinning indicator beside the title, shown while `working` is true.
    public ScreenHeader busy(ObservableBooleanValue working) {
        ProgressIndicator indicator = new ProgressIndicator();
        indicator.setMaxSize(28, 28);
        indicator.visibleProperty().bind(working);
        getChildren().add(indicator);
        return this;
    }

    /// `buttons` at the right edge, in this order.
    public ScreenHeader end(Node... buttons) {
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        getChildren().add(spacer);
        getChildren().addAll(buttons);
        return this;
    }
}
