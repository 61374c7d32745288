package mamori.media;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/// A real RTSP server in a child process (GStreamer's, driven by `rtsp_test_server.py`) serving
/// every MP4 of a directory at `rtsp://127.0.0.1:PORT/<name without .mp4>`.
///
/// Tests and `mamori bench playback` use it (a loopback server from Debian's packages); the kiosk
/// never does.
///
/// The child exits when its stdin closes, so it dies with the JVM even on `kill -9`. `kill()`
/// and `stall()` let a test see how a player copes with a server that dies or stops answering.
public final class RtspTestServer implements AutoCloseable {

    private static final String PYTHON = "/usr/bin/python3";
    private static final long READY_SECONDS = 20;
    private static final int STDERR_KEPT = 16_384;

    private final Process process;
    private final Path script;
    private final StringBuffer stderr = new StringBuffer();
    private final Thread stderrReader;
    private final int port;
    private volatile boolean stalled;

    private RtspTestServer(List<String> arguments) throws IOException {
        script = extractScript();
        List<String> command = new ArrayList<>(List.of(PYTHON, script.toString()));
        command.addAll(arguments);
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            Files.deleteIfExists(script);
            throw new IOException("cannot run " + PYTHON + " (Debian package python3)", e);
        }
        stderrReader = drain(process.getErrorStream(), stderr);
        port = awaitReady();
    }

    /// Serves the clips of `directory` to anyone.
    public static RtspTestServer start(Path directory) throws IOException {
        return new RtspTestServer(List.of(directory.toString()));
    }

    /// Serves the clips of `directory` only to `user` with `password`, over RTSP digest
    /// authentication (what cameras use).
    public static RtspTestServer startWithCredentials(Path directory, String user, String password) throws IOException {
        return new RtspTestServer(List.of(directory.toString(), "--user", user, "--password", password));
    }

    /// Serves the clips of `directory` as ONVIF recordings that began at `start`: `Require:
    /// onvif-replay`, `Range: clock=...` and the 0xABAC RTP header extension.
    public static RtspTestServer startOnvifReplay(Path directory, Instant start) throws IOException {
        return new RtspTestServer(List.of(directory.toString(), "--onvif-start", start.toString()));
    }

    /// As [#startOnvifReplay], only to `user` with `password` over RTSP `digest` or `basic` authentication.
    public static RtspTestServer startOnvifReplayWithCredentials(Path directory, Instant start, String user, String password,
            String method) throws IOException {
        return new RtspTestServer(List.of(directory.toString(), "--onvif-start", start.toString(), "--user", user,
                "--password", password, "--auth", method));
    }

    public int port() {
        return port;
    }

    public String uri(String name) {
        return "rtsp://127.0.0.1:" + port + "/" + name;
    }

    public String uri(String name, String user, String password) {
        return "rtsp://" + user + ":" + password + "@127.0.0.1:" + port + "/" + name;
    }

    /// SIGKILL: the server's sockets close at once, as when a camera or NVR process crashes.
    public void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor();
    }

    /// SIGSTOP: connections stay open but nothing more arrives, as when a host hangs or a
    /// network path silently drops packets.
    public void stall() throws IOException, InterruptedException {
        signal("-STOP");
        stalled = true;
    }

    public void resume() throws IOException, InterruptedException {
        signal("-CONT");
        stalled = false;
    }

    /// What the server wrote to stderr so far (the last 16 KiB), for failure messages.
    public String stderr() {
        return stderr.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            if (stalled) {
                // A stopped process cannot read the end of stdin; SIGKILL works on it.
                process.destroyForcibly();
            } else {
                process.getOutputStream().close();
            }
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private int awaitReady() throws IOException {
        BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<String> line = CompletableFuture.supplyAsync(() -> {
            try {
                return stdout.readLine();
            } catch (IOException e) {
                return null;
            }
        });
        try {
            String ready = line.get(READY_SECONDS, TimeUnit.SECONDS);
            if (ready != null && ready.startsWith("READY ")) {
                return Integer.parseInt(ready.substring(6).trim());
            }
            throw failedToStart("said " + ready);
        } catch (TimeoutException e) {
            throw failedToStart("not ready within " + READY_SECONDS + " s");
        } catch (ExecutionException | NumberFormatException e) {
            throw failedToStart(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failedToStart("interrupted");
        }
    }

    private IOException failedToStart(String why) throws IOException {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
            // The last lines may still be in the pipe when the process has gone.
            stderrReader.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Files.deleteIfExists(script);
        return new IOException("RTSP test server (" + PYTHON + " " + script.getFileName() + ") " + why
                + (process.isAlive() ? "" : ", exit code " + process.exitValue()) + "; stderr:\n" + stderr);
    }

    private void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", signal, Long.toString(process.pid())).inheritIO().start();
        if (kill.waitFor() != 0) {
            throw new IOException("kill " + signal + " " + process.pid() + " failed");
        }
    }

    private static Path extractScript() throws IOException {
        try (InputStream in = RtspTestServer.class.getResourceAsStream("rtsp_test_server.py")) {
            if (in == null) {
                throw new IOException("rtsp_test_server.py is not on the class path next to " + RtspTestServer.class.getName());
            }
            Path file = Files.createTempFile("rtsp_test_server", ".py");
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        }
    }

    /// The pipe must be read or a chatty child blocks on a full buffer; only the tail is kept.
    private static Thread drain(InputStream stream, StringBuffer kept) {
        return Thread.ofVirtual().start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    kept.append(line).append('\n');
                    if (kept.length() > STDERR_KEPT) {
                        kept.delete(0, kept.length() - STDERR_KEPT);
                    }
                }
            } catch (IOException e) {
                kept.append("(stderr unreadable: ").append(e.getMessage()).append(")\n");
            }
        });
    }
}
