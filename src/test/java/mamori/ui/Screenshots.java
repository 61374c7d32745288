package mamori.ui;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.image.PixelReader;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;
import mamori.TestDirectories;

/// Saves what a scene shows as a PNG under target/test-output/screens, for people to look at.
public final class Screenshots {

    private Screenshots() {
    }

    public static Path save(Scene scene, String name) throws Exception {
        CompletableFuture<WritableImage> snapshot = new CompletableFuture<>();
        Platform.runLater(() -> snapshot.complete(scene.snapshot(null)));
        WritableImage image = snapshot.get(10, TimeUnit.SECONDS);
        int width = (int) image.getWidth();
        int height = (int) image.getHeight();
        BufferedImage png = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
        PixelReader pixels = image.getPixelReader();
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                png.setRGB(x, y, pixels.getArgb(x, y));
            }
        }
        Path file = TestDirectories.output("screens").resolve(name + ".png");
        if (!ImageIO.write(png, "png", file.toFile())) {
            throw new IOException("no PNG writer");
        }
        return file;
    }
}
