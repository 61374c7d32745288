package mamori.fingerprint;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;

/// How a serial reader's driver opens its port again after the line went away (a cable pulled, a
/// USB adapter reset): it tries until the caller's deadline, a quarter of a second apart, and says
/// why it could not.
public final class PortReopening {

    static final Duration INTERVAL = Duration.ofMillis(250);

    /// Opens the port, giving up at `deadline` (a [System#nanoTime()] reading).
    @FunctionalInterface
    public interface Opener {
        void open(long deadline) throws IOException, InterruptedException;
    }

    private PortReopening() {
    }

    /// Empty once the port is open; else why it is not: the reader was closed (`closed` says so)
    /// or the deadline passed with the port still failing.
    public static Optional<String> until(long deadline, Opener opener, BooleanSupplier closed) throws InterruptedException {
        while (true) {
            try {
                opener.open(deadline);
                return Optional.empty();
            } catch (IOException e) {
                long remaining = deadline - System.nanoTime();
                if (closed.getAsBoolean()) {
                    return Optional.of("The fingerprint reader is closed");
                }
                if (remaining <= 0) {
                    return Optional.of("The fingerprint reader is disconnected: " + e.getMessage());
                }
                Thread.sleep(Duration.ofNanos(Math.min(remaining, INTERVAL.toNanos())));
            }
        }
    }
}
