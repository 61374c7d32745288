package mamori.fingerprint.r30x;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/// Two connected pseudo-terminals made by socat, standing in for a USB-serial cable: the driver
/// opens one end, the emulated module the other. Killing socat is how the cable is pulled.
///
/// socat (`-d -d`) names the two ptys it made on its standard error (`N PTY is /dev/pts/7`);
/// they are read from there, so no link files are needed. A directory for links can still be
/// given, for a test that plugs a new pair in under the same names.
public final class SocatPtyPair implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(5);
    private static final Pattern PTY_LINE = Pattern.compile("PTY is (\\S+)");
    /// At most this many lines of socat's start-up chatter are kept for an error message.
    private static final int KEPT_LINES = 20;

    private final Process socat;
    private final String driverEnd;
    private final String moduleEnd;

    private SocatPtyPair(Process socat, String driverEnd, String moduleEnd) {
        this.socat = socat;
        this.driverEnd = driverEnd;
        this.moduleEnd = moduleEnd;
    }

    /// Starts `socat -d -d pty,raw,echo=0 pty,raw,echo=0` and waits until it has named both ends.
    ///
    /// @throws IOException with a message an operator can act on when socat is not installed or
    ///     does not make the pair within a few seconds
    public static SocatPtyPair start() throws IOException, InterruptedException {
        return start(Optional.empty());
    }

    /// As [#start()], with the two ends also linked as `ttyA` (driver) and `ttyB` (module) in
    /// `linkDirectory`; a pair started later with the same directory takes over the names.
    public static SocatPtyPair startLinked(Path linkDirectory) throws IOException, InterruptedException {
        return start(Optional.of(linkDirectory));
    }

    private static SocatPtyPair start(Optional<Path> links) throws IOException, InterruptedException {
        List<String> command = List.of("socat", "-d", "-d",
                "pty,raw,echo=0" + links.map(dir -> ",link=" + dir.resolve("ttyA")).orElse(""),
                "pty,raw,echo=0" + links.map(dir -> ",link=" + dir.resolve("ttyB")).orElse(""));
        Process socat;
        try {
            socat = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new IOException("socat is not installed (it makes the serial line of the demo fingerprint reader): "
                    + "install it (Debian: apt install socat) or set MAMORI_READER=in-process", e);
        }
        BlockingQueue<String> ptys = new ArrayBlockingQueue<>(2);
        List<String> chatter = new ArrayList<>();
        // socat keeps writing to standard error (at the end, on errors); the pipe is drained for
        // the process's whole life so socat never blocks on it.
        Thread drain = new Thread(() -> drain(socat, ptys, chatter), "socat stderr " + socat.pid());
        drain.setDaemon(true);
        drain.start();
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        List<String> ends = new ArrayList<>(2);
        while (ends.size() < 2) {
            String pty = ptys.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (pty == null) {
                socat.destroyForcibly();
                String said;
                synchronized (chatter) {
                    said = String.join(" | ", chatter);
                }
                throw new IOException("socat did not make the pty pair of the demo fingerprint reader within "
                        + STARTUP_TIMEOUT.toSeconds() + " s" + (said.isEmpty() ? "" : ": " + said));
            }
            ends.add(pty);
        }
        if (links.isPresent()) {
            while (!(Files.exists(links.get().resolve("ttyA")) && Files.exists(links.get().resolve("ttyB")))) {
                if (System.nanoTime() > deadline) {
                    socat.destroyForcibly();
                    throw new IOException("socat did not link the pty pair in " + links.get());
                }
                Thread.sleep(5);
            }
        }
        return links.isPresent()
                ? new SocatPtyPair(socat, links.get().resolve("ttyA").toString(), links.get().resolve("ttyB").toString())
                : new SocatPtyPair(socat, ends.get(0), ends.get(1));
    }

    private static void drain(Process socat, BlockingQueue<String> ptys, List<String> chatter) {
        try (var lines = new BufferedReader(new InputStreamReader(socat.getErrorStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                Matcher pty = PTY_LINE.matcher(line);
                if (pty.find()) {
                    ptys.offer(pty.group(1));
                }
                synchronized (chatter) {
                    if (chatter.size() < KEPT_LINES) {
                        chatter.add(line);
                    }
                }
            }
        } catch (IOException e) {
            // socat is gone; nothing is left to read.
        }
    }

    /// The end the driver (`R30xReader`) opens.
    public String driverEnd() {
        return driverEnd;
    }

    /// The end the emulated module opens.
    public String moduleEnd() {
        return moduleEnd;
    }

    public boolean isAlive() {
        return socat.isAlive();
    }

    /// Kills socat at once, as pulling the USB cable would end the line.
    public void unplug() throws InterruptedException {
        socat.destroyForcibly();
        socat.waitFor(5, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        socat.destroy();
        try {
            if (!socat.waitFor(2, TimeUnit.SECONDS)) {
                socat.destroyForcibly();
                socat.waitFor(2, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            socat.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
