package mamori.fingerprint.r30x;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/// Two connected pseudo-terminals made by socat, standing in for a USB-serial cable: the driver
/// opens one end, the emulator the other. Killing socat is how a test unplugs the reader.
final class SocatPtyPair implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(5);

    private final Process socat;
    private final Path driverEnd;
    private final Path moduleEnd;

    private SocatPtyPair(Process socat, Path driverEnd, Path moduleEnd) {
        this.socat = socat;
        this.driverEnd = driverEnd;
        this.moduleEnd = moduleEnd;
    }

    /// Starts socat with links `ttyA` and `ttyB` in `directory` and waits until both exist.
    static SocatPtyPair start(Path directory) throws IOException, InterruptedException {
        Path a = directory.resolve("ttyA");
        Path b = directory.resolve("ttyB");
        Process socat = new ProcessBuilder("socat", "-d", "-d",
                "pty,raw,echo=0,link=" + a, "pty,raw,echo=0,link=" + b)
                .redirectErrorStream(true)
                .redirectOutput(directory.resolve("socat.log").toFile())
                .start();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (!(Files.exists(a) && Files.exists(b))) {
            if (!socat.isAlive() || System.nanoTime() > deadline) {
                socat.destroyForcibly();
                throw new IOException("socat did not create the pty pair: "
                        + Files.readString(directory.resolve("socat.log")));
            }
            Thread.sleep(10);
        }
        return new SocatPtyPair(socat, a, b);
    }

    /// The end the driver (`R30xReader`) opens.
    String driverEnd() {
        return driverEnd.toString();
    }

    /// The end the emulated module opens.
    String moduleEnd() {
        return moduleEnd.toString();
    }

    /// Kills socat at once, as pulling the USB cable would end the line.
    void unplug() throws InterruptedException {
        socat.destroyForcibly();
        socat.waitFor(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        socat.destroy();
        if (!socat.waitFor(2, TimeUnit.SECONDS)) {
            socat.destroyForcibly();
            socat.waitFor(2, TimeUnit.SECONDS);
        }
    }
}
