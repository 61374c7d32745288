package mamori.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/// Forwarding to real listening sockets on 127.0.0.1 (TCP and UDP), as a collector would receive it.
@Tag("system")
class SyslogForwarderTest {

    private static final Pattern RFC5424 = Pattern.compile(
            "<85>1 (\\S+) (\\S+) mamori - (\\S+) \\[mamori@32473 seq=\"(\\d+)\" hash=\"([0-9a-f]{64})\" key=\"([0-9a-f]{16})\" "
                    + "sig=\"([A-Za-z0-9+/=]+)\"] \uFEFF(.*)", Pattern.DOTALL);

    @TempDir
    Path dir;

    /// Reads RFC 6587 octet-counted frames: "LENGTH SP MESSAGE".
    private static void readFrames(Socket socket, BlockingQueue<String> into) {
        try (DataInputStream in = new DataInputStream(socket.getInputStream())) {
            while (true) {
                StringBuilder length = new StringBuilder();
                int c;
                while ((c = in.read()) != ' ') {
                    if (c < 0) {
                        return;
                    }
                    length.append((char) c);
                }
                byte[] message = new byte[Integer.parseInt(length.toString())];
                in.readFully(message);
                into.add(new String(message, StandardCharsets.UTF_8));
            }
        } catch (IOException closed) {
            // The test closed the listener.
        }
    }

    @Test
    void everyCommittedEntryReachesATcpCollectorAsAnRfc5424MessageEvenAcrossAReconnect() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        try (ServerSocket collector = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
                AuditFixture fixture = new AuditFixture(dir, "T-1", AuditFixture.seed(61));
                SyslogForwarder forwarder = new SyslogForwarder(SyslogForwarder.Transport.TCP,
                        new InetSocketAddress(InetAddress.getLoopbackAddress(), collector.getLocalPort()))) {
            fixture.log.onCommitted(forwarder::forward);
            Thread acceptor = Thread.ofPlatform().start(() -> {
                try {
                    for (int connection = 0; connection < 2; connection++) {
                        Socket socket = collector.accept();
                        if (connection == 0) {
                            // The first connection dies after three messages, as a restarting collector would.
                            BlockingQueue<String> first = new LinkedBlockingQueue<>();
                            Thread.ofPlatform().start(() -> readFrames(socket, first));
                            for (int i = 0; i < 3; i++) {
                                received.add(first.poll(10, TimeUnit.SECONDS));
                            }
                            socket.close();
                        } else {
                            readFrames(socket, received);
                        }
                    }
                } catch (IOException | InterruptedException stopped) {
                    // The test is over.
                }
            });
            fixture.log.append(AuditEvent.of(AuditAction.CONFIGURATION_CHANGE).person("p-1").detail("setting", "カメラ名")
                    .detail("old", "正面玄関").detail("new", "正面玄関 北"));
            fixture.appendViews(2);
            waitFor(received, 3);
            TimeUnit.MILLISECONDS.sleep(300);
            fixture.appendViews(5);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            List<String> messages = new ArrayList<>();
            while (messages.size() < 8 && System.nanoTime() < deadline) {
                String message = received.poll(100, TimeUnit.MILLISECONDS);
                if (message != null) {
                    messages.add(message);
                }
            }
            assertTrue(messages.size() >= 8, "received " + messages.size());
            var stored = fixture.store.page(0, 8);
            Matcher first = RFC5424.matcher(messages.getFirst());
            assertTrue(first.matches(), messages.getFirst());
            assertEquals("T-1", first.group(2));
            assertEquals("CONFIGURATION_CHANGE", first.group(3));
            assertEquals(stored.getFirst().canonical(), first.group(8), "the message carries the signed text unchanged");
            assertTrue(first.group(8).contains("正面玄関 北"));
            List<Long> seqs = messages.stream().map(message -> {
                Matcher matcher = RFC5424.matcher(message);
                assertTrue(matcher.matches(), message);
                return Long.parseLong(matcher.group(4));
            }).distinct().toList();
            assertTrue(seqs.containsAll(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L)), "every entry arrived: " + seqs);
            acceptor.interrupt();
        }
    }

    @Test
    void udpCarriesOneMessagePerDatagram() throws Exception {
        try (DatagramSocket collector = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                AuditFixture fixture = new AuditFixture(dir, "T-2", AuditFixture.seed(62));
                SyslogForwarder forwarder = SyslogForwarder.forUri("udp://127.0.0.1:" + collector.getLocalPort())) {
            collector.setSoTimeout(10_000);
            fixture.log.onCommitted(forwarder::forward);
            fixture.appendViews(3);
            for (long seq = 1; seq <= 3; seq++) {
                DatagramPacket packet = new DatagramPacket(new byte[65_536], 65_536);
                collector.receive(packet);
                String message = new String(packet.getData(), 0, packet.getLength(), StandardCharsets.UTF_8);
                Matcher matcher = RFC5424.matcher(message);
                assertTrue(matcher.matches(), message);
                assertEquals(String.valueOf(seq), matcher.group(4));
            }
            assertEquals(0, forwarder.dropped());
        }
    }

    private static void waitFor(BlockingQueue<String> queue, int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (queue.size() < count && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(20);
        }
        assertTrue(queue.size() >= count, "only " + queue.size() + " messages");
    }
}
