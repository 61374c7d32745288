package mamori.ui.player;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import mamori.playback.DecodedFrame;
import mamori.playback.FrameSink;
import mamori.playback.FrameSize;

/// Puts the player's frames on screen through one `PixelBuffer`, allocating nothing per frame.
///
/// The player thread copies each finished frame into a staging buffer; the FX thread copies the
/// latest one into the pixel buffer inside `updateBuffer` (the only place JavaFX lets a shown
/// buffer change). A frame that arrives before the screen took the previous one replaces it.
public final class VideoSurface implements FrameSink {

    private final FrameSize size;
    private final ByteBuffer staging;
    private final PixelBuffer<ByteBuffer> pixels;
    private final ImageView view;
    private final AtomicBoolean updatePending = new AtomicBoolean();
    private final Object stagingLock = new Object();
    private volatile boolean stagingFresh;

    public VideoSurface(FrameSize size) {
        this.size = size;
        this.staging = ByteBuffer.allocateDirect(size.bytesBgra());
        this.pixels = new PixelBuffer<>(size.width(), size.height(), ByteBuffer.allocateDirect(size.bytesBgra()),
                PixelFormat.getByteBgraPreInstance());
        this.view = new ImageView(new WritableImage(pixels));
        view.setId("player-picture");
        view.setPreserveRatio(true);
        view.setSmooth(true);
    }

    public ImageView view() {
        return view;
    }

    public FrameSize size() {
        return size;
    }

    @Override
    public void show(DecodedFrame frame) {
        synchronized (stagingLock) {
            copyRows(frame.pixels(), frame.stride(), staging, size.width() * 4, Math.min(frame.height(), size.height()),
                    Math.min(frame.width(), size.width()) * 4);
            stagingFresh = true;
        }
        if (updatePending.compareAndSet(false, true)) {
            Platform.runLater(this::update);
        }
    }

    private void update() {
        updatePending.set(false);
        pixels.updateBuffer(buffer -> {
            synchronized (stagingLock) {
                if (!stagingFresh) {
                    return null;
                }
                stagingFresh = false;
                ByteBuffer target = buffer.getBuffer();
                target.clear();
                target.put(0, staging, 0, size.bytesBgra());
            }
            return null;
        });
    }

    /// Copies a picture between buffers whose rows may be padded differently.
    static void copyRows(ByteBuffer from, int fromStride, ByteBuffer to, int toStride, int rows, int rowBytes) {
        if (fromStride == toStride) {
            to.put(0, from, 0, rows * rowBytes);
            return;
        }
        for (int row = 0; row < rows; row++) {
            to.put(row * toStride, from, row * fromStride, rowBytes);
        }
    }
}
