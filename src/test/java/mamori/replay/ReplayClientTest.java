package mamori.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/// A server that answers nonsense, nothing, too much or not at all ends the replay with a
/// [ReplayException] of the right kind within the timeouts, never a hang or a crash.
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReplayClientTest {

    private static final Duration READ = Duration.ofMillis(700);
    private static final Duration REQUEST = Duration.ofSeconds(2);
    private static final String SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=cam\r\nt=0 0\r\nm=video 0 RTP/AVP 96\r\n"
            + "a=rtpmap:96 H264/90000\r\na=control:stream=0\r\n";

    /// Answers each request with what `answer` makes of its CSeq; -1 means stop answering.
    @FunctionalInterface
    interface Script {
        void answer(String method, String cseq, OutputStream out) throws IOException;
    }

    private static final class FakeServer implements AutoCloseable {
        final java.util.List<String> methods = new java.util.concurrent.CopyOnWriteArrayList<>();
        final ServerSocket listening = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress());
        final Thread thread;

        FakeServer(Script script) throws IOException {
            thread = Thread.ofVirtual().start(() -> {
                try (Socket socket = listening.accept()) {
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
                    OutputStream out = socket.getOutputStream();
                    String method = null;
                    String cseq = null;
                    for (String line = in.readLine(); line != null; line = in.readLine()) {
                        if (method == null) {
                            method = line.split(" ")[0];
                            methods.add(method);
                        } else if (line.startsWith("CSeq:")) {
                            cseq = line.substring(5).trim();
                        } else if (line.isEmpty()) {
                            script.answer(method, cseq, out);
                            out.flush();
                            method = null;
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // The client went away: the test is over.
                }
            });
        }

        URI uri() {
            return URI.create("rtsp://127.0.0.1:" + listening.getLocalPort() + "/cam1");
        }

        @Override
        public void close() throws IOException {
            listening.close();
            thread.interrupt();
        }
    }

    private static void ok(OutputStream out, String cseq, String extra, String body) throws IOException {
        out.write(("RTSP/1.0 200 OK\r\nCSeq: " + cseq + "\r\n" + extra + "Content-Length: " + body.getBytes(StandardCharsets.UTF_8).length
                + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
    }

    /// A well-behaved recorder up to PLAY; what follows the PLAY reply is `afterPlay`.
    private static Script upToPlay(Script afterPlay) {
        return (method, cseq, out) -> {
            switch (method) {
                case "OPTIONS" -> ok(out, cseq, "Public: OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER\r\n", "");
                case "DESCRIBE" -> ok(out, cseq, "Content-Type: application/sdp\r\nContent-Base: rtsp://127.0.0.1/cam1/\r\n", SDP);
                case "SETUP" -> ok(out, cseq, "Session: 12345678;timeout=60\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n", "");
                case "PLAY" -> {
                    ok(out, cseq, "Session: 12345678\r\nRange: clock=20261123T050710Z-\r\n", "");
                    afterPlay.answer(method, cseq, out);
                }
                default -> ok(out, cseq, "", "");
            }
        };
    }

    private static ReplayException failure(FakeServer server) {
        return assertThrows(ReplayException.class, () -> {
            try (ReplayClient client = ReplayClient.open(server.uri(), Optional.empty(), READ, REQUEST, System::nanoTime)) {
                client.play(Instant.parse("2026-11-23T05:07:10Z"));
                for (int i = 0; i < 1_000; i++) {
                    client.next();
                }
            }
        });
    }

    private static void assertQuick(long started) {
        double seconds = (System.nanoTime() - started) / 1e9;
        assertTrue(seconds < 4, "took " + seconds + " s");
    }

    @Test
    void garbageInsteadOfAReplyIsAProtocolError() throws Exception {
        try (FakeServer server = new FakeServer((method, cseq, out) -> out.write("HELLO THERE\r\n\r\n".getBytes(StandardCharsets.US_ASCII)))) {
            long started = System.nanoTime();
            ReplayException e = failure(server);
            assertEquals(ReplayException.Kind.PROTOCOL, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("not an RTSP reply: 'HELLO THERE'"), e.getMessage());
            assertQuick(started);
        }
    }

    @Test
    void anEndlessLineAndAnOversizedBodyAreProtocolErrors() throws Exception {
        try (FakeServer server = new FakeServer((method, cseq, out) -> {
            out.write("RTSP/1.0 200 OK\r\nX-Filler: ".getBytes(StandardCharsets.US_ASCII));
            out.write(new byte[100_000]);
        })) {
            ReplayException e = failure(server);
            assertEquals(ReplayException.Kind.PROTOCOL, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("a line longer than"), e.getMessage());
        }
        try (FakeServer server = new FakeServer((method, cseq, out) ->
                out.write(("RTSP/1.0 200 OK\r\nCSeq: " + cseq + "\r\nContent-Length: 999999999\r\n\r\n").getBytes(StandardCharsets.US_ASCII)))) {
            ReplayException e = failure(server);
            assertEquals(ReplayException.Kind.PROTOCOL, e.kind(), e.getMessage());
        }
    }

    @Test
    void aSilentServerIsAConnectionLostWithinTheReadTimeout() throws Exception {
        try (FakeServer server = new FakeServer((method, cseq, out) -> { })) {
            long started = System.nanoTime();
            ReplayException e = failure(server);
            assertEquals(ReplayException.Kind.CONNECTION_LOST, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("no data for 2000 ms"), e.getMessage());
            assertQuick(started);
        }
    }

    @Test
    void aServerThatHangsUpOrIsNotThereIsAConnectionLost() throws Exception {
        try (FakeServer server = new FakeServer((method, cseq, out) -> out.close())) {
            ReplayException e = failure(server);
            assertEquals(ReplayException.Kind.CONNECTION_LOST, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("closed the connection"), e.getMessage());
        }
        URI nobody;
        try (ServerSocket free = new ServerSocket(0)) {
            nobody = URI.create("rtsp://127.0.0.1:" + free.getLocalPort() + "/cam1");
        }
        ReplayException e = assertThrows(ReplayException.class,
                () -> ReplayClient.open(nobody, Optional.empty(), READ, REQUEST, System::nanoTime));
        assertEquals(ReplayException.Kind.CONNECTION_LOST, e.kind(), e.getMessage());
    }

    @Test
    void aRecorderWithoutOnvifReplayIsUnsupported() throws Exception {
        try (FakeServer server = new FakeServer((method, cseq, out) -> {
            if (method.equals("DESCRIBE")) {
                out.write(("RTSP/1.0 551 Option not supported\r\nCSeq: " + cseq + "\r\nUnsupported: onvif-replay\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
            } else {
                ok(out, cseq, "", "");
            }
        })) {
            ReplayException e = failure(server);
            assertEquals(ReplayException.Kind.UNSUPPORTED, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("does not support ONVIF replay"), e.getMessage());
        }
    }

    @Test
    void garbageOnTheInterleavedChannelIsAProtocolErrorAndEndlessForeignPacketsEndToo() throws Exception {
        try (FakeServer server = new FakeServer(upToPlay((method, cseq, out) -> {
            out.write(new byte[] {'$', 0, 0, 4, 1, 2, 3, 4});
        }))) {
            ReplayException e = failure(server);
            assertEquals(ReplayException.Kind.PROTOCOL, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("RTP"), e.getMessage());
        }
        try (FakeServer server = new FakeServer(upToPlay((method, cseq, out) -> {
            byte[] unstamped = {'$', 0, 0, 15, (byte) 0x80, (byte) 0xE0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1, 0x41, 1, 2};
            for (int i = 0; i < 400; i++) {
                unstamped[7] = (byte) i;
                unstamped[11] = (byte) i;
                out.write(unstamped);
            }
        }))) {
            ReplayException e = failure(server);
            assertEquals(ReplayException.Kind.UNSUPPORTED, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("no ONVIF replay timestamps"), e.getMessage());
        }
    }

    @Test
    void aRefusedAccountIsNotAuthorizedWithoutThePasswordInTheMessage() throws Exception {
        try (FakeServer server = new FakeServer((method, cseq, out) -> out.write(("RTSP/1.0 401 Unauthorized\r\nCSeq: " + cseq
                + "\r\nWWW-Authenticate: Digest realm=\"cam\", nonce=\"n1\"\r\n\r\n").getBytes(StandardCharsets.US_ASCII)))) {
            ReplayException e = assertThrows(ReplayException.class, () -> ReplayClient.open(server.uri(),
                    Optional.of(new ReplayAccount("viewer", "pa55word".toCharArray())), READ, REQUEST, System::nanoTime));
            assertEquals(ReplayException.Kind.NOT_AUTHORIZED, e.kind(), e.getMessage());
            assertTrue(e.getMessage().contains("refused the user name or password"), e.getMessage());
            assertTrue(!e.getMessage().contains("pa55word"), e.getMessage());
        }
    }

    @Test
    void theSessionIsKeptAliveWhileFramesAreReadAndTheKeepAliveRepliesAreReadOnTheWay() throws Exception {
        Script script = (method, cseq, out) -> {
            if (method.equals("SETUP")) {
                ok(out, cseq, "Session: 12345678;timeout=2\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n", "");
                return;
            }
            upToPlay((m, c, o) -> {
                // 2.5 s of frames at 20 per second, each stamped with this PLAY's CSeq byte.
                for (int i = 0; i < 50; i++) {
                    o.write(stampedFrame(i, Integer.parseInt(c)));
                    o.flush();
                    try {
                        Thread.sleep(50);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }).answer(method, cseq, out);
        };
        try (FakeServer server = new FakeServer(script);
                ReplayClient client = ReplayClient.open(server.uri(), Optional.empty(), READ, REQUEST, System::nanoTime)) {
            Instant start = Instant.parse("2026-11-23T05:07:10Z");
            client.play(start);
            int units = 0;
            try {
                while (units < 1_000) {
                    AccessUnit unit = client.next().orElseThrow();
                    assertEquals(start.plusMillis(50L * units), unit.recorded());
                    units++;
                }
            } catch (ReplayException stopped) {
                assertEquals(ReplayException.Kind.CONNECTION_LOST, stopped.kind(), stopped.getMessage());
            }
            assertEquals(50, units, "every frame, in spite of the keep-alive replies among them");
            assertTrue(server.methods.contains("GET_PARAMETER"), "keep-alive at half the 2 s session timeout: " + server.methods);
        }
    }

    private static byte[] stampedFrame(int index, int playCSeq) {
        java.nio.ByteBuffer packet = java.nio.ByteBuffer.allocate(4 + 12 + 16 + 3);
        packet.put((byte) '$').put((byte) 0).putShort((short) (12 + 16 + 3));
        packet.put((byte) 0x90).put((byte) (0x80 | 96)).putShort((short) index).putInt(index * 4500).putInt(0x1234);
        packet.putShort((short) 0xABAC).putShort((short) 3);
        packet.putLong(ReplayHeader.toNtp(Instant.parse("2026-11-23T05:07:10Z").plusMillis(50L * index)));
        packet.put((byte) (index == 0 ? 0xA0 : 0)).put((byte) playCSeq).putShort((short) 0);
        packet.put((byte) 0x41).put((byte) 0x9a).put((byte) index);
        return packet.array();
    }
}
