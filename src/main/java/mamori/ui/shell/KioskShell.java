package mamori.ui.shell;

import javafx.scene.Node;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.StackPane;

/// The one root of the kiosk's scene: the current screen above the status bar. Screens swap
/// inside it; the stage and scene stay.
public final class KioskShell extends BorderPane {

    private final StackPane screenArea = new StackPane();

    public KioskShell(StatusBarView statusBar) {
        setId("kiosk-shell");
        getStyleClass().add("kiosk-shell");
        screenArea.getStyleClass().add("screen-area");
        setCenter(screenArea);
        setBottom(statusBar);
    }

    public void show(Node screen) {
        screenArea.getChildren().setAll(screen);
    }
}
