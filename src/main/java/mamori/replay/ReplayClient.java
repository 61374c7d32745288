package mamori.replay;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/// One ONVIF replay session (ONVIF Streaming Specification section 6) on one TCP connection:
/// OPTIONS, DESCRIBE and SETUP of the video track with `Require: onvif-replay`, RTP and RTCP
/// interleaved on channels 0-1; [#play(Instant)] sends PLAY with an absolute `Range: clock=`
/// (again on the same session, with `Immediate: yes`, to seek), [#next()] hands out the access
/// units (H.264 or H.265) with their recording times, GET_PARAMETER keeps the session alive,
/// TEARDOWN ends it.
///
/// `Rate-Control: no` on every PLAY: the player paces frames itself (at any rate, and decodes
/// forward after a seek without waiting), and TCP holds the recorder back when it reads slowly.
/// Not thread-safe: one player thread owns it.
public final class ReplayClient implements AutoCloseable {

    /// ONVIF's clock range form, `20261123T050717.250Z` (section 6.4, after RFC 2326 3.7 "utc-time").
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss.SSS'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final Duration DEFAULT_SESSION_TIMEOUT = Duration.ofSeconds(60);
    /// Units without the replay extension before the recorder counts as not speaking ONVIF replay.
    private static final int MAX_UNSTAMPED = 120;
    /// RTP packets of the wrong payload type, or of an old PLAY, read in a row before giving up.
    private static final int MAX_FOREIGN_PACKETS = 50_000;
    private static final int MAX_UNMATCHED = 300;

    private final RtspConnection connection;
    private final URI uri;
    private final SessionDescription track;
    private final Duration keepAlive;
    private final LongSupplier nanoTime;
    private final boolean getParameter;
    private final NalDepacketiser depacketiser;
    private long lastRequestNanos;
    private int playCSeq = -1;
    private int previousCSeq = -1;
    /// True once a packet of the first PLAY carried its CSeq byte; false when none of the first
    /// [#MAX_UNMATCHED] did: old packets are then told apart only by arriving before the PLAY reply.
    private Boolean stampsCSeq;
    private int unmatched;
    private int plays;
    /// The D-flagged packet that opens the latest PLAY was seen.
    private boolean startSeen;
    private boolean playing;
    private boolean ended;

    private ReplayClient(RtspConnection connection, URI uri, SessionDescription track, Duration keepAlive,
            boolean getParameter, LongSupplier nanoTime) {
        this.connection = connection;
        this.uri = uri;
        this.track = track;
        this.keepAlive = keepAlive;
        this.getParameter = getParameter;
        this.nanoTime = nanoTime;
        this.depacketiser = new NalDepacketiser(track.codec().equals("H265") ? NalDepacketiser.Codec.H265 : NalDepacketiser.Codec.H264);
        this.lastRequestNanos = nanoTime.getAsLong();
    }

    /// Connects, describes and sets up the video track; nothing plays yet. `uri` is the replay URI
    /// without user information; every read waits at most `readTimeout`, every request `requestLimit`.
    public static ReplayClient open(URI uri, Optional<ReplayAccount> account, Duration readTimeout, Duration requestLimit,
            LongSupplier nanoTime) throws ReplayException {
        if (!"rtsp".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getUserInfo() != null) {
            throw new IllegalArgumentException("An rtsp:// URI with a host and without user information is needed");
        }
        RtspConnection connection = RtspConnection.open(uri, account.orElse(null), readTimeout, requestLimit);
        try {
            String target = uri.toString();
            RtspReply options = connection.exchange("OPTIONS", target, Map.of());
            boolean getParameter = options.status() == 200
                    && options.header("Public").map(value -> value.toUpperCase(Locale.ROOT).contains("GET_PARAMETER")).orElse(false);
            RtspReply describe = connection.exchange("DESCRIBE", target,
                    RtspConnection.headers("Accept", "application/sdp", "Require", "onvif-replay"));
            if (describe.status() == 551) {
                throw new ReplayException(ReplayException.Kind.UNSUPPORTED, uri + ": the recorder does not support ONVIF replay (551 Option not supported)");
            }
            expectOk(uri, "DESCRIBE", describe);
            URI base = describe.header("Content-Base").filter(value -> value.regionMatches(true, 0, "rtsp://", 0, 7))
                    .flatMap(ReplayClient::uri).orElse(uri);
            SessionDescription track = SessionDescription.video(describe.body(), base);
            if (!track.codec().equals("H264") && !track.codec().equals("H265")) {
                throw new ReplayException(ReplayException.Kind.UNSUPPORTED,
                        uri + ": the recording is coded as " + printable(track.codec()) + "; this player replays H.264 and H.265");
            }
            RtspReply setup = connection.exchange("SETUP", track.control().toString(),
                    RtspConnection.headers("Transport", "RTP/AVP/TCP;unicast;interleaved=0-1", "Require", "onvif-replay"));
            expectOk(uri, "SETUP", setup);
            String session = RtspConnection.sessionId(setup).filter(id -> id.matches("[\\x21-\\x7E]{1,256}")).orElseThrow(() ->
                    new ReplayException(ReplayException.Kind.PROTOCOL, uri + ": the SETUP reply names no session"));
            connection.session(session);
            Duration timeout = setup.header("Session").flatMap(ReplayClient::sessionTimeout).orElse(DEFAULT_SESSION_TIMEOUT);
            return new ReplayClient(connection, uri, track, timeout.dividedBy(2), getParameter, nanoTime);
        } catch (ReplayException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /// Plays from the key frame at or before `from` (the recorder's choice, section 6.4) to the end
    /// of the recording. A second call seeks: the units of the earlier PLAY are dropped.
    public void play(Instant from) throws ReplayException {
        Map<String, String> headers = RtspConnection.headers("Require", "onvif-replay", "Range", "clock=" + CLOCK.format(from) + "-",
                "Rate-Control", "no");
        if (playing) {
            headers.put("Immediate", "yes");
        }
        RtspReply reply = connection.exchange("PLAY", uri.toString(), headers);
        expectOk(uri, "PLAY", reply);
        lastRequestNanos = nanoTime.getAsLong();
        previousCSeq = playCSeq;
        playCSeq = connection.lastCSeq() & 0xFF;
        if (stampsCSeq == Boolean.FALSE) {
            connection.dropEarlyPackets();
        }
        plays++;
        startSeen = false;
        depacketiser.reset();
        playing = true;
        ended = false;
    }

    /// Stops sending (the position is kept by the recorder); [#play(Instant)] goes on from anywhere.
    public void pause() throws ReplayException {
        if (!playing) {
            return;
        }
        RtspReply reply = connection.exchange("PAUSE", uri.toString(), Map.of());
        expectOk(uri, "PAUSE", reply);
        lastRequestNanos = nanoTime.getAsLong();
        playing = false;
    }

    /// The next access unit of the latest PLAY, or empty after the unit with the T (terminal) flag.
    public Optional<AccessUnit> next() throws ReplayException {
        if (!playing) {
            throw new IllegalStateException("next() before play()");
        }
        if (ended) {
            return Optional.empty();
        }
        for (int foreign = 0; foreign < MAX_FOREIGN_PACKETS; foreign++) {
            Optional<AccessUnit> unit = depacketiser.take();
            if (unit.isPresent()) {
                if (unit.get().terminal()) {
                    ended = true;
                    if (unit.get().annexB().length == 0) {
                        return Optional.empty();
                    }
                }
                return unit;
            }
            if (depacketiser.unstamped() > MAX_UNSTAMPED) {
                throw new ReplayException(ReplayException.Kind.UNSUPPORTED,
                        uri + ": the recorder sends no ONVIF replay timestamps (RTP header extension 0xABAC)");
            }
            keepAliveIfDue();
            RtspConnection.Interleaved packet = connection.nextPacket();
            if (packet.channel() != 0) {
                continue;
            }
            RtpPacket rtp = RtpPacket.parse(packet.data());
            if (rtp.payloadType() != track.payloadType() || !ofLatestPlay(rtp)) {
                continue;
            }
            depacketiser.push(rtp);
            foreign = 0;
        }
        throw new ReplayException(ReplayException.Kind.PROTOCOL, uri + ": " + MAX_FOREIGN_PACKETS + " packets in a row that are not this replay's video");
    }

    /// The recording's video coding as the SDP names it: `H264` or `H265`.
    public String codec() {
        return track.codec();
    }

    /// The parameter sets from the SDP (H.264 SPS, PPS; H.265 VPS, SPS, PPS) as Annex B, for a
    /// decoder to see before the first unit.
    public Optional<byte[]> parameterSets() {
        return track.annexBParameterSets();
    }

    public int clockRate() {
        return track.clockRate();
    }

    public URI uri() {
        return uri;
    }

    /// During the first PLAY nothing old can arrive, so every packet counts; it also shows whether
    /// the recorder stamps the CSeq byte at all (some leave it 0, and packets made while the media
    /// was prepared carry the byte from before the PLAY).
    private boolean ofLatestPlay(RtpPacket rtp) {
        if (rtp.replay().isEmpty()) {
            return plays == 1 || startSeen || stampsCSeq == Boolean.FALSE;
        }
        int cseq = rtp.replay().get().cseq();
        if (plays == 1) {
            if (cseq == playCSeq) {
                stampsCSeq = Boolean.TRUE;
            } else if (stampsCSeq == null && ++unmatched > MAX_UNMATCHED) {
                stampsCSeq = Boolean.FALSE;
            }
            return true;
        }
        if (cseq == playCSeq || startSeen || stampsCSeq == Boolean.FALSE) {
            return true;
        }
        // A recorder may stamp the new CSeq a little late: the D flag marks where the new PLAY
        // starts (the previous PLAY's own first packet was read before this PLAY was sent).
        startSeen = rtp.replay().get().discontinuity() && cseq != previousCSeq;
        return startSeen;
    }

    private void keepAliveIfDue() throws ReplayException {
        long now = nanoTime.getAsLong();
        if (now - lastRequestNanos >= keepAlive.toNanos()) {
            connection.send(getParameter ? "GET_PARAMETER" : "OPTIONS", uri.toString(), Map.of());
            lastRequestNanos = now;
        }
    }

    private static void expectOk(URI uri, String method, RtspReply reply) throws ReplayException {
        if (reply.status() == 551 || reply.status() == 459 || reply.status() == 461) {
            throw new ReplayException(ReplayException.Kind.UNSUPPORTED, uri + ": the recorder refused " + method + " ("
                    + reply.status() + " " + printable(reply.reason()) + ")");
        }
        if (reply.status() == 454) {
            throw new ReplayException(ReplayException.Kind.CONNECTION_LOST, uri + ": the recorder forgot the session (454)");
        }
        if (reply.status() != 200) {
            throw new ReplayException(ReplayException.Kind.PROTOCOL, uri + ": " + method + " answered " + reply.status() + " "
                    + printable(reply.reason()));
        }
    }

    private static String printable(String text) {
        String clean = text.replaceAll("[^\\x20-\\x7E]", "?");
        return clean.length() > 60 ? clean.substring(0, 60) + "..." : clean;
    }

    private static Optional<URI> uri(String text) {
        try {
            return Optional.of(URI.create(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<Duration> sessionTimeout(String header) {
        for (String part : header.split(";")) {
            String[] pair = part.trim().split("=", 2);
            if (pair.length == 2 && pair[0].equalsIgnoreCase("timeout") && pair[1].trim().matches("\\d{1,5}")) {
                int seconds = Integer.parseInt(pair[1].trim());
                return seconds >= 2 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    /// TEARDOWN without waiting for its reply, then the connection closes.
    @Override
    public void close() {
        try {
            connection.send("TEARDOWN", uri.toString(), Map.of());
        } catch (ReplayException e) {
            // The connection is gone already; closing it is all that is left.
        } finally {
            connection.close();
        }
    }
}
