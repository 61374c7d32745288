package mamori.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/// Sends every committed entry to a syslog collector as an RFC 5424 message, over TCP (RFC 6587
/// octet counting) or UDP (RFC 5426), from its own thread. Best effort by design: the signed log on
/// the terminal is the record; forwarding never delays or fails an append. When the collector is
/// away, TCP reconnects with back-off and up to [#QUEUE_LIMIT] messages wait; beyond that the
/// oldest are dropped and counted ([#dropped()]), and the collector sees a gap in `seq`.
///
/// Message: `<85>1 <time> <terminal> mamori - <ACTION> [mamori@32473 seq=".." hash=".." key=".."
/// sig=".."] BOM<canonical text>`. PRI 85 = facility authpriv (10), severity notice (5). 32473 is
/// the private enterprise number reserved for documentation (RFC 5612): replace when registered.
public final class SyslogForwarder implements AutoCloseable {

    static final int QUEUE_LIMIT = 100_000;
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);

    /// Where and how to send.
    public enum Transport {
        TCP, UDP
    }

    private final Transport transport;
    private final InetSocketAddress collector;
    private final BlockingQueue<byte[]> queue = new LinkedBlockingQueue<>();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final Thread sender;
    private volatile boolean open = true;

    public SyslogForwarder(Transport transport, InetSocketAddress collector) {
        this.transport = transport;
        this.collector = collector;
        this.sender = Thread.ofPlatform().name("syslog-forwarder").daemon().start(this::sendLoop);
    }

    /// `tcp://host:port` or `udp://host:port`.
    public static SyslogForwarder forUri(String uri) {
        URI parsed = URI.create(uri);
        if (parsed.getHost() == null || parsed.getPort() < 1 || parsed.getScheme() == null) {
            throw new IllegalArgumentException("A syslog collector is tcp://host:port or udp://host:port, not " + uri);
        }
        Transport transport = switch (parsed.getScheme()) {
            case "tcp" -> Transport.TCP;
            case "udp" -> Transport.UDP;
            default -> throw new IllegalArgumentException("Syslog transport must be tcp or udp, not " + parsed.getScheme());
        };
        return new SyslogForwarder(transport, new InetSocketAddress(parsed.getHost(), parsed.getPort()));
    }

    /// Queues the entries of one commit; called on the log's writer thread, never blocks.
    public void forward(List<AuditEntry> entries) {
        for (AuditEntry entry : entries) {
            if (queue.size() >= QUEUE_LIMIT && queue.poll() != null) {
                dropped.incrementAndGet();
            }
            queue.add(message(entry));
        }
    }

    static byte[] message(AuditEntry entry) {
        String header = "<85>1 " + entry.recordedAt() + " " + entry.terminalId() + " mamori - " + entry.action().name()
                + " [mamori@32473 seq=\"" + entry.seq() + "\" hash=\"" + HexFormat.of().formatHex(entry.entryHash())
                + "\" key=\"" + entry.keyId() + "\" sig=\"" + Base64.getEncoder().encodeToString(entry.signature()) + "\"] ";
        byte[] head = header.getBytes(StandardCharsets.US_ASCII);
        byte[] body = entry.canonical().getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[head.length + BOM.length + body.length];
        System.arraycopy(head, 0, message, 0, head.length);
        System.arraycopy(BOM, 0, message, head.length, BOM.length);
        System.arraycopy(body, 0, message, head.length + BOM.length, body.length);
        return message;
    }

    public long dropped() {
        return dropped.get();
    }

    public long sent() {
        return sent.get();
    }

    private void sendLoop() {
        Duration backoff = Duration.ofMillis(100);
        Socket socket = null;
        try (DatagramSocket udp = transport == Transport.UDP ? new DatagramSocket() : null) {
            while (open || !queue.isEmpty()) {
                byte[] message = queue.poll(100, TimeUnit.MILLISECONDS);
                if (message == null) {
                    continue;
                }
                while (true) {
                    try {
                        if (transport == Transport.UDP) {
                            udp.send(new DatagramPacket(message, message.length, collector));
                        } else {
                            if (socket == null) {
                                socket = new Socket();
                                socket.connect(collector, 5_000);
                            }
                            OutputStream out = socket.getOutputStream();
                            out.write((message.length + " ").getBytes(StandardCharsets.US_ASCII));
                            out.write(message);
                            out.flush();
                        }
                        sent.incrementAndGet();
                        backoff = Duration.ofMillis(100);
                        break;
                    } catch (IOException e) {
                        closeQuietly(socket);
                        socket = null;
                        if (!open) {
                            return;
                        }
                        TimeUnit.MILLISECONDS.sleep(backoff.toMillis());
                        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                    }
                }
            }
        } catch (InterruptedException | IOException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(socket);
        }
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Already broken: being replaced by a new connection.
            }
        }
    }

    /// Sends what is queued (waiting up to `grace`), then stops.
    public void close(Duration grace) {
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            while (!queue.isEmpty() && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        open = false;
        try {
            sender.join(grace.toMillis() + 1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(2));
    }
}
