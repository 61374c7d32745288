package mamori.replay;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/// One TCP connection to an RTSP server (RFC 2326): requests with their CSeq, replies, and the RTP
/// and RTCP packets interleaved on the same connection (section 10.12). Every read has a timeout
/// and every request a deadline; lines, headers, bodies and the packets skipped while waiting are
/// bounded, so a stalled or babbling server ends in a [ReplayException], never a hang.
final class RtspConnection implements AutoCloseable {

    static final int MAX_LINE = 4_096;
    static final int RECEIVE_BUFFER = 64 * 1024;
    static final int MAX_HEADERS = 64;
    static final int MAX_BODY = 65_536;
    /// Packets of the previous PLAY that may still arrive before a reply.
    static final int MAX_SKIPPED = 20_000;
    private static final String USER_AGENT = "Mamori ONVIF replay";

    private final URI address;
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Duration requestLimit;
    private final ReplayAccount account;
    private RtspAuthentication authentication;
    private int cseq;
    private String session;
    /// Packets that came while a reply was awaited: a recorder may start sending a PLAY's packets
    /// before its reply. Bounded by [#MAX_SKIPPED] packets and [#MAX_EARLY_BYTES].
    private final java.util.ArrayDeque<Interleaved> early = new java.util.ArrayDeque<>();
    private long earlyBytes;
    static final long MAX_EARLY_BYTES = 32L << 20;

    private RtspConnection(URI address, Socket socket, Duration requestLimit, ReplayAccount account) throws IOException {
        this.address = address;
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream(), 65_536);
        this.out = socket.getOutputStream();
        this.requestLimit = requestLimit;
        this.account = account;
    }

    /// Connects to the host and port of `address` (554 when none), reads timing out after `readTimeout`.
    static RtspConnection open(URI address, ReplayAccount account, Duration readTimeout, Duration requestLimit) throws ReplayException {
        int port = address.getPort() > 0 ? address.getPort() : 554;
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            // A fixed window (no autotuning to 32 MiB): with Rate-Control: no the recorder sends as
            // fast as we read, so this bounds how far ahead of the picture shown the data runs.
            socket.setReceiveBufferSize(RECEIVE_BUFFER);
            socket.connect(new InetSocketAddress(address.getHost(), port), (int) readTimeout.toMillis());
            socket.setSoTimeout((int) readTimeout.toMillis());
            return new RtspConnection(address, socket, requestLimit, account);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new ReplayException(ReplayException.Kind.CONNECTION_LOST, address + ": cannot connect (" + e.getMessage() + ")");
        }
    }

    URI address() {
        return address;
    }

    int lastCSeq() {
        return cseq;
    }

    void session(String id) {
        this.session = id;
    }

    /// Sends a request and waits for its reply, answering one authentication challenge on the way.
    /// Interleaved packets that come first are kept for [#nextPacket()] (see [#dropEarlyPackets()]).
    RtspReply exchange(String method, String uri, Map<String, String> headers) throws ReplayException {
        RtspReply reply = awaitReply(method, send(method, uri, headers));
        if (reply.status() == 401 && account != null) {
            boolean first = authentication == null;
            if (first || reply.all("WWW-Authenticate").stream().anyMatch(each -> each.toLowerCase(Locale.ROOT).contains("stale=true"))) {
                authentication = RtspAuthentication.answering(reply.all("WWW-Authenticate"), account).orElseThrow(() ->
                        new ReplayException(ReplayException.Kind.UNSUPPORTED, address + ": the recorder asks for an authentication scheme this client does not speak"));
                reply = awaitReply(method, send(method, uri, headers));
            }
        }
        if (reply.status() == 401 || reply.status() == 403) {
            throw new ReplayException(ReplayException.Kind.NOT_AUTHORIZED, address + ": the recorder refused the user name or password ("
                    + method + ": " + reply.status() + " " + reply.reason() + ")");
        }
        return reply;
    }

    /// Sends a request without waiting (a keep-alive during play); [#nextPacket()] reads its reply.
    int send(String method, String uri, Map<String, String> headers) throws ReplayException {
        cseq++;
        StringBuilder message = new StringBuilder(method).append(' ').append(uri).append(" RTSP/1.0\r\n")
                .append("CSeq: ").append(cseq).append("\r\n").append("User-Agent: ").append(USER_AGENT).append("\r\n");
        if (session != null && !headers.containsKey("Session")) {
            message.append("Session: ").append(session).append("\r\n");
        }
        if (authentication != null) {
            message.append("Authorization: ").append(authentication.authorization(method, uri)).append("\r\n");
        }
        headers.forEach((name, value) -> message.append(name).append(": ").append(value).append("\r\n"));
        try {
            out.write(message.append("\r\n").toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw lost(method, e);
        }
        return cseq;
    }

    /// The next RTP or RTCP packet. Replies to requests sent with [#send] are read and checked on the way.
    Interleaved nextPacket() throws ReplayException {
        Interleaved kept = early.pollFirst();
        if (kept != null) {
            earlyBytes -= kept.data().length;
            return kept;
        }
        try {
            while (true) {
                int first = read();
                if (first == '$') {
                    return interleaved();
                }
                RtspReply reply = reply(first);
                if (reply.status() == 454) {
                    throw new ReplayException(ReplayException.Kind.CONNECTION_LOST, address + ": the recorder forgot the session (454)");
                }
            }
        } catch (IOException e) {
            throw lost("reading the stream", e);
        }
    }

    private RtspReply awaitReply(String method, int expected) throws ReplayException {
        long deadline = System.nanoTime() + requestLimit.toNanos();
        int readTimeout = socketTimeout();
        try {
            // A busy recorder may think about a PLAY longer than between two packets.
            socket.setSoTimeout((int) requestLimit.toMillis());
            for (int skipped = 0; skipped < MAX_SKIPPED; skipped++) {
                if (System.nanoTime() > deadline) {
                    throw new ReplayException(ReplayException.Kind.CONNECTION_LOST,
                            address + ": no reply to " + method + " within " + requestLimit.toSeconds() + " s");
                }
                int first = read();
                if (first == '$') {
                    keep(interleaved());
                    continue;
                }
                RtspReply reply = reply(first);
                String replyCSeq = reply.header("CSeq").orElse("");
                if (replyCSeq.equals(Integer.toString(expected))) {
                    return reply;
                }
                if (!replyCSeq.matches("\\d{1,9}") || Integer.parseInt(replyCSeq) > expected) {
                    throw new ReplayException(ReplayException.Kind.PROTOCOL,
                            address + ": reply with CSeq '" + shortened(replyCSeq) + "' to " + method + " (CSeq " + expected + ")");
                }
            }
            throw new ReplayException(ReplayException.Kind.PROTOCOL, address + ": no reply to " + method + " among " + MAX_SKIPPED + " packets");
        } catch (IOException e) {
            throw lost(method, e);
        } finally {
            try {
                socket.setSoTimeout(readTimeout);
            } catch (IOException e) {
                // A closed socket fails the next read anyway.
            }
        }
    }

    /// Forgets the packets kept while waiting for a reply (for a recorder that does not mark its
    /// packets with the PLAY's CSeq, the reply is the only border between old and new).
    void dropEarlyPackets() {
        early.clear();
        earlyBytes = 0;
    }

    private void keep(Interleaved packet) {
        early.addLast(packet);
        earlyBytes += packet.data().length;
        while (early.size() > MAX_SKIPPED || earlyBytes > MAX_EARLY_BYTES) {
            earlyBytes -= early.removeFirst().data().length;
        }
    }

    private Interleaved interleaved() throws IOException {
        int channel = read();
        int length = read() << 8 | read();
        byte[] data = in.readNBytes(length);
        if (data.length < length) {
            throw new EOFException();
        }
        return new Interleaved(channel, data);
    }

    private RtspReply reply(int first) throws IOException, ReplayException {
        String status = (char) first + line();
        if (!status.startsWith("RTSP/1.0 ") || status.length() < 12 || !status.substring(9, 12).chars().allMatch(Character::isDigit)) {
            throw new ReplayException(ReplayException.Kind.PROTOCOL, address + ": not an RTSP reply: '" + shortened(status) + "'");
        }
        int code = Integer.parseInt(status.substring(9, 12));
        Map<String, List<String>> headers = new TreeMap<>();
        int count = 0;
        for (String line = line(); !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            if (colon < 1 || ++count > MAX_HEADERS) {
                throw new ReplayException(ReplayException.Kind.PROTOCOL, address + ": bad or too many header lines ('" + shortened(line) + "')");
            }
            headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), name -> new ArrayList<>())
                    .add(line.substring(colon + 1).trim());
        }
        String lengthText = headers.getOrDefault("content-length", List.of("0")).getFirst();
        if (!lengthText.matches("\\d{1,6}") || Integer.parseInt(lengthText) > MAX_BODY) {
            throw new ReplayException(ReplayException.Kind.PROTOCOL, address + ": body of '" + shortened(lengthText) + "' bytes");
        }
        int length = Integer.parseInt(lengthText);
        byte[] body = in.readNBytes(length);
        if (body.length < length) {
            throw new EOFException();
        }
        return new RtspReply(code, status.substring(12).trim(), headers, body);
    }

    private String line() throws IOException, ReplayException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = read(); b != '\n'; b = read()) {
            if (line.size() >= MAX_LINE) {
                throw new ReplayException(ReplayException.Kind.PROTOCOL, address + ": a line longer than " + MAX_LINE + " bytes");
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.UTF_8);
    }

    private int read() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException();
        }
        return b;
    }

    private ReplayException lost(String what, IOException e) {
        String why = switch (e) {
            case SocketTimeoutException timeout -> "no data for " + socketTimeout() + " ms";
            case EOFException end -> "the recorder closed the connection";
            default -> e.getMessage();
        };
        return new ReplayException(ReplayException.Kind.CONNECTION_LOST, address + ": " + what + " failed: " + why);
    }

    private int socketTimeout() {
        try {
            return socket.getSoTimeout();
        } catch (IOException e) {
            return -1;
        }
    }

    private static String shortened(String text) {
        String printable = text.replaceAll("[^\\x20-\\x7E]", "?");
        return printable.length() > 60 ? printable.substring(0, 60) + "..." : printable;
    }

    @Override
    public void close() {
        closeQuietly(socket);
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing is left to release.
        }
    }

    /// One packet on an interleaved channel: RTP on the even channel of a pair, RTCP on the odd.
    record Interleaved(int channel, byte[] data) {
    }

    static Map<String, String> headers(String... namesAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i + 1 < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return headers;
    }

    static Optional<String> sessionId(RtspReply reply) {
        return reply.header("Session").map(value -> value.split(";")[0].trim());
    }
}
