package mamori.ui.player;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import javafx.animation.AnimationTimer;
import javafx.application.Platform;
import javafx.scene.image.ImageView;
import javafx.scene.image.PixelBuffer;
import javafx.scene.image.PixelFormat;
import javafx.scene.image.WritableImage;
import mamori.playback.DecodedFrame;
import mamori.playback.FrameSink;
import mamori.playback.FrameSize;

/// Puts the player's frames on screen with no copy: FFmpeg converts each frame straight into one
/// of a few `PixelBuffer`s, and the screen swaps which one the view shows.
///
/// A buffer is written only while no one can see it: the one shown is never lent, and one taken
/// off screen is lent again only after two more pulses have begun, by which time the render of
/// the last frame that used it has finished (a pulse's sync waits for the previous render). So a
/// half-converted frame, or one whose watermark is not drawn yet, can never reach the screen.
public final class VideoSurface implements FrameSink {

    private static final int BUFFERS = 4;

    private final FrameSize size;
    private final List<Slot> slots = new ArrayList<>();
    private final ImageView view;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition freed = lock.newCondition();
    private final AnimationTimer pulses;
    // Guarded by lock.
    private long pulse;
    private Slot ready;
    private Slot shown;
    private boolean presentPending;

    public VideoSurface(FrameSize size) {
        this.size = size;
        for (int i = 0; i < BUFFERS; i++) {
            slots.add(new Slot(new PixelBuffer<>(size.width(), size.height(), ByteBuffer.allocateDirect(size.bytesBgra()),
                    PixelFormat.getByteBgraPreInstance())));
        }
        this.view = new ImageView(slots.getFirst().image);
        shown = slots.getFirst();
        shown.state = State.SHOWN;
        view.setId("player-picture");
        view.setPreserveRatio(true);
        view.setSmooth(true);
        pulses = new AnimationTimer() {
            @Override
            public void handle(long now) {
                releaseRetired();
            }
        };
        pulses.start();
    }

    public ImageView view() {
        return view;
    }

    public FrameSize size() {
        return size;
    }

    /// Stops counting pulses; call when the screen goes away.
    public void stop() {
        pulses.stop();
    }

    @Override
    public Optional<ByteBuffer> lend(Duration wait) throws InterruptedException {
        long remaining = wait.toNanos();
        lock.lock();
        try {
            while (true) {
                for (Slot slot : slots) {
                    if (slot.state == State.FREE) {
                        slot.state = State.WRITING;
                        return Optional.of(slot.pixels.getBuffer());
                    }
                }
                if (remaining <= 0) {
                    return Optional.empty();
                }
                remaining = freed.awaitNanos(remaining);
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void show(DecodedFrame frame) {
        lock.lock();
        try {
            Slot slot = slotOf(frame.pixels());
            if (ready != null) {
                // The screen has not taken the previous frame yet: this one replaces it.
                ready.state = State.FREE;
                freed.signalAll();
            }
            slot.state = State.READY;
            ready = slot;
            if (presentPending) {
                return;
            }
            presentPending = true;
        } finally {
            lock.unlock();
        }
        Platform.runLater(this::present);
    }

    @Override
    public void giveBack(ByteBuffer buffer) {
        lock.lock();
        try {
            slotOf(buffer).state = State.FREE;
            freed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void present() {
        Slot next;
        lock.lock();
        try {
            presentPending = false;
            next = ready;
            ready = null;
            if (next == null) {
                return;
            }
            next.state = State.SHOWN;
            shown.state = State.RETIRED;
            shown.retiredAtPulse = pulse;
            shown = next;
        } finally {
            lock.unlock();
        }
        next.pixels.updateBuffer(buffer -> null);
        view.setImage(next.image);
    }

    private void releaseRetired() {
        lock.lock();
        try {
            pulse++;
            for (Slot slot : slots) {
                if (slot.state == State.RETIRED && pulse - slot.retiredAtPulse >= 2) {
                    slot.state = State.FREE;
                    freed.signalAll();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    private Slot slotOf(ByteBuffer buffer) {
        for (Slot slot : slots) {
            if (slot.pixels.getBuffer() == buffer) {
                return slot;
            }
        }
        throw new IllegalArgumentException("Not a buffer of this surface");
    }

    private enum State {
        FREE, WRITING, READY, SHOWN, RETIRED
    }

    private static final class Slot {
        final PixelBuffer<ByteBuffer> pixels;
        final WritableImage image;
        State state = State.FREE;
        long retiredAtPulse;

        Slot(PixelBuffer<ByteBuffer> pixels) {
            this.pixels = pixels;
            this.image = new WritableImage(pixels);
        }
    }
}
