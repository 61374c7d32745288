package mamori.app;

import java.util.concurrent.CountDownLatch;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/// The start-up benchmark's reference: a bare JavaFX window with one label, started by the same
/// launcher and JVM options as the kiosk, so the ratio shows what Mamori itself adds.
public final class ReferenceWindow {

    private ReferenceWindow() {
    }

    public static void run(Runnable onShown) throws InterruptedException {
        CountDownLatch shown = new CountDownLatch(1);
        Platform.setImplicitExit(false);
        Platform.startup(() -> {
            Stage stage = new Stage();
            Scene scene = new Scene(new Label("Mamori start-up reference"), 1366, 768);
            Runnable[] listener = new Runnable[1];
            listener[0] = () -> {
                scene.removePostLayoutPulseListener(listener[0]);
                Platform.runLater(shown::countDown);
            };
            scene.addPostLayoutPulseListener(listener[0]);
            stage.setScene(scene);
            stage.show();
        });
        shown.await();
        onShown.run();
        Platform.exit();
    }
}
