package mamori.media;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/// A bare RTSP 1.0 client on one TCP connection (RFC 2326; RTP interleaved on it, section 10.12),
/// for tests that must send what FFmpeg cannot (ONVIF's `Require: onvif-replay`,
/// `Range: clock=...`) and look at the RTP packets themselves. Sizes are bounded: a broken server
/// fails the test instead of filling the heap.
final class RtspExchange implements AutoCloseable {

    private static final int MAX_LINE = 8_192;
    private static final int MAX_HEADERS = 64;
    private static final int MAX_BODY = 65_536;
    /// Interleaved packets skipped while waiting for a reply before giving up.
    private static final int MAX_SKIPPED = 10_000;

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;
    private int cseq;

    RtspExchange(int port, Duration readTimeout) throws IOException {
        socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) readTimeout.toMillis());
        socket.setSoTimeout((int) readTimeout.toMillis());
        in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
        out = socket.getOutputStream();
    }

    record Reply(int status, Map<String, String> headers, String body) {

        String header(String name) {
            return headers.get(name);
        }
    }

    /// Sends a request with the next CSeq and returns the reply, skipping interleaved packets
    /// that arrive before it.
    Reply request(String method, String uri, Map<String, String> headers) throws IOException {
        cseq++;
        StringBuilder message = new StringBuilder(method).append(' ').append(uri).append(" RTSP/1.0\r\n")
                .append("CSeq: ").append(cseq).append("\r\n");
        headers.forEach((name, value) -> message.append(name).append(": ").append(value).append("\r\n"));
        out.write(message.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
        out.flush();
        for (int skipped = 0; skipped < MAX_SKIPPED; skipped++) {
            int first = in.readUnsignedByte();
            if (first == '$') {
                in.readUnsignedByte();
                in.skipNBytes(in.readUnsignedShort());
                continue;
            }
            Reply reply = readReply(first);
            if (!String.valueOf(cseq).equals(reply.header("CSeq"))) {
                throw new IOException("reply to CSeq " + reply.header("CSeq") + " while waiting for " + cseq);
            }
            return reply;
        }
        throw new IOException("no reply to " + method + " among " + MAX_SKIPPED + " interleaved packets");
    }

    int lastCSeq() {
        return cseq;
    }

    /// The next interleaved packet (RTP on even channels, RTCP on odd ones).
    InterleavedPacket nextPacket() throws IOException {
        int marker = in.readUnsignedByte();
        if (marker != '$') {
            throw new IOException("expected an interleaved packet, got byte " + marker);
        }
        int channel = in.readUnsignedByte();
        byte[] data = new byte[in.readUnsignedShort()];
        in.readFully(data);
        return new InterleavedPacket(channel, data);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private Reply readReply(int first) throws IOException {
        String status = (char) first + readLine();
        if (!status.startsWith("RTSP/1.0 ")) {
            throw new IOException("not an RTSP reply: " + status);
        }
        int code = Integer.parseInt(status.substring(9, 12));
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            if (colon < 1 || headers.size() >= MAX_HEADERS) {
                throw new IOException("bad or too many header lines: " + line);
            }
            headers.putIfAbsent(line.substring(0, colon).trim(), line.substring(colon + 1).trim());
        }
        int length = Integer.parseInt(headers.getOrDefault("Content-Length", "0"));
        if (length < 0 || length > MAX_BODY) {
            throw new IOException("body of " + length + " bytes");
        }
        return new Reply(code, headers, new String(in.readNBytes(length), StandardCharsets.UTF_8));
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.readUnsignedByte(); b != '\n'; b = in.readUnsignedByte()) {
            if (line.size() >= MAX_LINE) {
                throw new IOException("line longer than " + MAX_LINE + " bytes");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.US_ASCII);
    }

    record InterleavedPacket(int channel, byte[] data) {

        boolean isRtp() {
            return channel % 2 == 0;
        }

        int rtpTimestamp() {
            return ByteBuffer.wrap(data, 4, 4).getInt();
        }

        /// The ONVIF replay header extension (ONVIF Streaming Specification 6.3): profile 0xABAC,
        /// three words: NTP time (64 bits), flags C E D T, the PLAY request's CSeq low byte.
        Optional<ReplayExtension> replayExtension() {
            if (data.length < 12 || (data[0] & 0xC0) != 0x80 || (data[0] & 0x10) == 0) {
                return Optional.empty();
            }
            int at = 12 + 4 * (data[0] & 0x0F);
            if (data.length < at + 16) {
                return Optional.empty();
            }
            ByteBuffer ext = ByteBuffer.wrap(data, at, 16);
            int profile = ext.getShort() & 0xFFFF;
            int words = ext.getShort() & 0xFFFF;
            if (profile != 0xABAC || words != 3) {
                return Optional.empty();
            }
            long ntp = ext.getLong();
            int flags = ext.get() & 0xFF;
            int cseq = ext.get() & 0xFF;
            return Optional.of(new ReplayExtension(ntpToInstant(ntp), flags, cseq));
        }

        private static Instant ntpToInstant(long ntp) {
            long seconds = (ntp >>> 32) - 2_208_988_800L;
            long nanos = ((ntp & 0xFFFF_FFFFL) * 1_000_000_000L) >>> 32;
            return Instant.ofEpochSecond(seconds, nanos);
        }
    }

    record ReplayExtension(Instant time, int flags, int cseq) {

        boolean cleanPoint() {
            return (flags & 0x80) != 0;
        }

        boolean endOfSection() {
            return (flags & 0x40) != 0;
        }

        boolean discontinuity() {
            return (flags & 0x20) != 0;
        }

        boolean terminal() {
            return (flags & 0x10) != 0;
        }
    }
}
