package mamori.onvif;

import static mamori.onvif.OnvifNamespaces.DEVICE;
import static mamori.onvif.OnvifNamespaces.ERROR;
import static mamori.onvif.OnvifNamespaces.MEDIA;
import static mamori.onvif.OnvifNamespaces.PASSWORD_DIGEST;
import static mamori.onvif.OnvifNamespaces.REPLAY;
import static mamori.onvif.OnvifNamespaces.SCHEMA;
import static mamori.onvif.OnvifNamespaces.SEARCH;
import static mamori.onvif.OnvifNamespaces.SOAP_ENVELOPE;
import static mamori.onvif.OnvifNamespaces.WSSE;
import static mamori.onvif.OnvifNamespaces.WSU;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.xml.XMLConstants;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/// A stand-in ONVIF device and recorder (NVR) for tests. No real one can be used here: no ONVIF
/// device or NVR server is installable from this machine's package registries and there is no
/// camera on its network. It serves the device, media, search and replay services over SOAP 1.2 on
/// com.sun.net.httpserver at 127.0.0.1, and is strict where real firmware is strict:
///
/// - every request body is checked: a SOAP 1.2 envelope with one operation element in the body, in
///   the namespace of the service it was posted to, valid against the official ONVIF schemas
///   ([OnvifSchemas]); a failure is recorded in [#requestProblems] and answered with a SOAP fault;
/// - WS-Security user name tokens are checked independently of the client's code: user name,
///   PasswordDigest = Base64(SHA-1(nonce || Created || password)), a nonce not seen before, and
///   `Created` within five minutes of the device's own clock, which may be set off from ours;
///   a refusal is `env:Sender / ter:NotAuthorized` with HTTP 400, as the ONVIF Core Specification
///   ("Security", "Authentication over HTTP and HTTPS") requires of a device that supports only
///   the user name token profile;
/// - its own answers are validated against the same schemas ([#responseProblems]), so the client
///   is tested against messages a conforming device could send;
/// - misbehaviour can be injected per operation ([Misbehaviour]).
public final class OnvifTestDevice implements AutoCloseable {

    /// What a misbehaving device answers instead of its normal answer.
    enum Misbehaviour {
        /// An answer cut off in the middle of an element.
        MALFORMED_XML,
        /// Bytes that are not XML.
        GARBAGE_BODY,
        /// A web server's HTML error page with status 200.
        HTML_PAGE,
        /// The response element without its required children.
        MISSING_ELEMENT,
        /// A document type declaration with an external entity (an XXE attempt).
        DOCTYPE_WITH_ENTITY,
        /// Five megabytes of answer.
        OVERSIZED,
        /// HTTP 401 with a digest challenge, as devices that prefer HTTP digest answer.
        HTTP_401,
        /// The normal answer, after [#slowDelay].
        SLOW,
        /// The headers and half the normal answer at once, the rest after [#slowDelay].
        STALLED_BODY
    }

    public static final String USERNAME = "operator";
    public static final String PASSWORD = "s3cret-Passw0rd";
    static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(5);
    private static final Set<String> PRE_AUTH = Set.of("GetSystemDateAndTime", "GetServices");
    private static final int MAX_REQUEST_BYTES = 1 << 20;

    private final OnvifSchemas schemas;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, String> serviceNamespaces = Map.of("/onvif/device_service", DEVICE,
            "/onvif/media_service", MEDIA, "/onvif/search_service", SEARCH, "/onvif/replay_service", REPLAY);

    private final List<String> requestProblems = new CopyOnWriteArrayList<>();
    private final List<String> responseProblems = new CopyOnWriteArrayList<>();
    private final List<String> operations = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final List<byte[]> nonces = new CopyOnWriteArrayList<>();
    private final List<Instant> acceptedCreated = new CopyOnWriteArrayList<>();
    private final AtomicInteger validatedRequests = new AtomicInteger();
    private final Set<String> seenNonces = ConcurrentHashMap.newKeySet();
    private final Map<String, ConcurrentLinkedQueue<Misbehaviour>> misbehaviour = new ConcurrentHashMap<>();
    private final Map<String, SearchSession> searches = new ConcurrentHashMap<>();
    private final AtomicInteger searchCounter = new AtomicInteger();
    private final List<List<String>> includedRecordings = new CopyOnWriteArrayList<>();

    private volatile Duration clockOffset = Duration.ZERO;
    private volatile List<RecordingSummary> recordings = List.of();
    private volatile int resultsPerAnswer = 100;
    private volatile List<MediaProfile> profiles = List.of(
            new MediaProfile("profile-main", "Main stream", Optional.of(new VideoFormat("H264", 1920, 1080))),
            new MediaProfile("profile-sub", "Sub stream", Optional.of(new VideoFormat("H264", 640, 360))));
    private volatile String replayUriBase = "rtsp://127.0.0.1:8554/";
    private volatile String reportedAuthority;
    private volatile boolean offersRecordings = true;
    private volatile Duration slowDelay = Duration.ofSeconds(5);

    public OnvifTestDevice(OnvifSchemas schemas) throws IOException {
        this.schemas = schemas;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        for (String path : serviceNamespaces.keySet()) {
            server.createContext(path, this::handle);
        }
        server.setExecutor(executor);
        server.start();
        reportedAuthority = "127.0.0.1:" + server.getAddress().getPort();
    }

    public URI deviceServiceAddress() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/onvif/device_service");
    }

    int port() {
        return server.getAddress().getPort();
    }

    /// The device's clock is this far from the machine's (positive: ahead).
    OnvifTestDevice clockOffset(Duration offset) {
        clockOffset = offset;
        return this;
    }

    public OnvifTestDevice recordings(List<RecordingSummary> recordings) {
        this.recordings = List.copyOf(recordings);
        return this;
    }

    /// At most this many recordings in one GetRecordingSearchResults answer, whatever MaxResults says.
    OnvifTestDevice resultsPerAnswer(int results) {
        resultsPerAnswer = results;
        return this;
    }

    OnvifTestDevice profiles(List<MediaProfile> profiles) {
        this.profiles = List.copyOf(profiles);
        return this;
    }

    public OnvifTestDevice replayUriBase(String base) {
        replayUriBase = base;
        return this;
    }

    /// The host (and port) written into the XAddrs of GetServices, as a device behind NAT reports them.
    OnvifTestDevice reportedAuthority(String authority) {
        reportedAuthority = authority;
        return this;
    }

    /// Without recordings the device offers no search and replay service (a Profile S camera).
    OnvifTestDevice offersRecordings(boolean offers) {
        offersRecordings = offers;
        return this;
    }

    OnvifTestDevice slowDelay(Duration delay) {
        slowDelay = delay;
        return this;
    }

    /// The next request for `operation` gets `how` instead of the normal answer.
    OnvifTestDevice misbehaveOnce(String operation, Misbehaviour how) {
        misbehaviour.computeIfAbsent(operation, key -> new ConcurrentLinkedQueue<>()).add(how);
        return this;
    }

    /// Requests that were not SOAP 1.2, or not valid against the ONVIF schemas, and why.
    public List<String> requestProblems() {
        return List.copyOf(requestProblems);
    }

    /// The device's own normal answers that the schemas refuse, and handler crashes.
    public List<String> responseProblems() {
        return List.copyOf(responseProblems);
    }

    /// Requests whose operation element passed schema validation.
    int validatedRequests() {
        return validatedRequests.get();
    }

    /// Operation names in the order they arrived, valid or not.
    public List<String> operations() {
        return List.copyOf(operations);
    }

    /// Why user name tokens were refused.
    List<String> refusals() {
        return List.copyOf(refusals);
    }

    /// The decoded nonces of every user name token received.
    List<byte[]> nonces() {
        return List.copyOf(nonces);
    }

    /// `Created` of every accepted user name token.
    List<Instant> acceptedCreated() {
        return List.copyOf(acceptedCreated);
    }

    /// The IncludedRecordings of every FindRecordings, as the device read them.
    List<List<String>> includedRecordings() {
        return List.copyOf(includedRecordings);
    }

    int openSearches() {
        return searches.size();
    }

    Instant deviceNow() {
        return Clock.offset(Clock.systemUTC(), clockOffset).instant();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange http) throws IOException {
        try (http) {
            if (!"POST".equals(http.getRequestMethod())) {
                send(http, 405, "text/plain", new byte[0]);
                return;
            }
            byte[] body;
            try (InputStream in = http.getRequestBody()) {
                body = in.readNBytes(MAX_REQUEST_BYTES + 1);
            }
            if (body.length > MAX_REQUEST_BYTES) {
                requestProblems.add("a request of more than " + MAX_REQUEST_BYTES + " bytes");
                send(http, 413, "text/plain", new byte[0]);
                return;
            }
            Answer answer = answer(http.getRequestURI().getPath(), body);
            if (answer.delay().isPositive() && !answer.stallBody()) {
                Thread.sleep(answer.delay());
            }
            http.getResponseHeaders().putAll(answer.headers());
            if (answer.stallBody()) {
                http.getResponseHeaders().set("Content-Type", answer.contentType());
                http.sendResponseHeaders(answer.status(), answer.body().length);
                int half = answer.body().length / 2;
                http.getResponseBody().write(answer.body(), 0, half);
                http.getResponseBody().flush();
                Thread.sleep(answer.delay());
                http.getResponseBody().write(answer.body(), half, answer.body().length - half);
                return;
            }
            send(http, answer.status(), answer.contentType(), answer.body());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException clientGone) {
            // The client gave up (a timeout test) or the device is closing; nothing to answer.
        } catch (RuntimeException crash) {
            responseProblems.add("the test device crashed: " + crash);
            throw crash;
        }
    }

    private Answer answer(String path, byte[] body) {
        String serviceNamespace = serviceNamespaces.get(path);
        Document request;
        try {
            request = HardenedXml.parse(body);
        } catch (SAXException e) {
            requestProblems.add("not well-formed XML: " + e.getMessage());
            return fault("env:Sender", List.of("ter:WellFormed"), "Well-formed Error");
        }
        Element envelope = request.getDocumentElement();
        Optional<String> envelopeProblem = envelopeProblem(envelope);
        if (envelopeProblem.isPresent()) {
            requestProblems.add(envelopeProblem.get());
            return fault("env:Sender", List.of("ter:TagMismatch"), envelopeProblem.get());
        }
        Element operation = firstElement(child(envelope, SOAP_ENVELOPE, "Body").orElseThrow()).orElseThrow();
        String name = operation.getLocalName();
        operations.add(name);
        if (!serviceNamespace.equals(operation.getNamespaceURI())) {
            requestProblems.add(name + " in namespace " + operation.getNamespaceURI() + " posted to " + path);
            return fault("env:Sender", List.of("ter:InvalidArgs"), "the operation is not part of this service");
        }
        List<String> problems = schemas.problems(operation);
        if (!problems.isEmpty()) {
            requestProblems.add(name + ": " + String.join("; ", problems));
            return fault("env:Sender", List.of("ter:InvalidArgs"), "the request is not valid: " + problems.getFirst());
        }
        validatedRequests.incrementAndGet();
        Optional<Element> token = child(envelope, SOAP_ENVELOPE, "Header").flatMap(header -> child(header, WSSE, "Security"))
                .flatMap(security -> child(security, WSSE, "UsernameToken"));
        if (token.isPresent() || !PRE_AUTH.contains(name)) {
            Optional<String> refusal = token.isEmpty() ? Optional.of("no user name token") : refusal(token.get());
            if (refusal.isPresent()) {
                refusals.add(name + ": " + refusal.get());
                return fault("env:Sender", List.of("ter:NotAuthorized"), "Sender not authorized");
            }
        }
        Misbehaviour how = Optional.ofNullable(misbehaviour.get(name)).map(ConcurrentLinkedQueue::poll).orElse(null);
        if (how != null && how != Misbehaviour.SLOW && how != Misbehaviour.STALLED_BODY) {
            return misbehave(how, operation);
        }
        Answer normal = operate(operation);
        if (how == Misbehaviour.STALLED_BODY) {
            return normal.stalledFor(slowDelay);
        }
        return how == Misbehaviour.SLOW ? normal.after(slowDelay) : normal;
    }

    private static Optional<String> envelopeProblem(Element envelope) {
        if (!SOAP_ENVELOPE.equals(envelope.getNamespaceURI()) || !"Envelope".equals(envelope.getLocalName())) {
            return Optional.of("the root is not a SOAP 1.2 Envelope but {" + envelope.getNamespaceURI() + "}" + envelope.getLocalName());
        }
        List<String> children = new ArrayList<>();
        for (Node node = envelope.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                children.add(SOAP_ENVELOPE.equals(element.getNamespaceURI()) ? element.getLocalName() : element.getTagName());
            } else if (node.getNodeType() == Node.TEXT_NODE && !node.getTextContent().isBlank()) {
                return Optional.of("text directly inside the Envelope");
            }
        }
        if (!children.equals(List.of("Body")) && !children.equals(List.of("Header", "Body"))) {
            return Optional.of("the Envelope holds " + children + ", not [Header,] Body");
        }
        Element body = child(envelope, SOAP_ENVELOPE, "Body").orElseThrow();
        int elements = 0;
        for (Node node = body.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element) {
                elements++;
            } else if (node.getNodeType() == Node.TEXT_NODE && !node.getTextContent().isBlank()) {
                return Optional.of("text directly inside the Body");
            }
        }
        return elements == 1 ? Optional.empty() : Optional.of("the Body holds " + elements + " elements, not one");
    }

    /// Why a user name token is refused, or empty when it is good. Written apart from the client's
    /// UsernameToken so that a mistake there cannot be mirrored here.
    private Optional<String> refusal(Element token) {
        String username = text(token, WSSE, "Username");
        Optional<Element> password = child(token, WSSE, "Password");
        String nonceText = text(token, WSSE, "Nonce");
        String created = text(token, WSU, "Created");
        if (password.isEmpty() || nonceText.isEmpty() || created.isEmpty()) {
            return Optional.of("the token lacks Password, Nonce or Created");
        }
        if (!PASSWORD_DIGEST.equals(password.get().getAttribute("Type"))) {
            return Optional.of("the password is not a PasswordDigest: " + password.get().getAttribute("Type"));
        }
        byte[] nonce;
        Instant createdAt;
        try {
            nonce = Base64.getDecoder().decode(nonceText);
            createdAt = Instant.parse(created);
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.of("unreadable Nonce or Created: " + e.getMessage());
        }
        nonces.add(nonce);
        Duration skew = Duration.between(deviceNow(), createdAt).abs();
        if (skew.compareTo(MAX_CLOCK_SKEW) > 0) {
            return Optional.of("Created " + created + " is " + skew.toMinutes() + " minutes from the device clock");
        }
        if (!seenNonces.add(nonceText)) {
            return Optional.of("the nonce was used before");
        }
        byte[] expected = sha1(nonce, created.getBytes(StandardCharsets.UTF_8), PASSWORD.getBytes(StandardCharsets.UTF_8));
        byte[] given;
        try {
            given = Base64.getDecoder().decode(password.get().getTextContent().strip());
        } catch (IllegalArgumentException e) {
            return Optional.of("the digest is not Base64");
        }
        if (!USERNAME.equals(username) || !MessageDigest.isEqual(expected, given)) {
            return Optional.of("unknown user or wrong digest");
        }
        acceptedCreated.add(createdAt);
        return Optional.empty();
    }

    private Answer operate(Element request) {
        String name = request.getLocalName();
        Response response = new Response(request.getNamespaceURI(), name + "Response");
        Element root = response.root;
        switch (name) {
            case "GetSystemDateAndTime" -> {
                ZonedDateTime now = deviceNow().atZone(ZoneOffset.UTC);
                Element time = response.add(root, DEVICE, "SystemDateAndTime");
                response.add(time, SCHEMA, "DateTimeType", "NTP");
                response.add(time, SCHEMA, "DaylightSavings", "false");
                response.add(response.add(time, SCHEMA, "TimeZone"), SCHEMA, "TZ", "UTC0");
                Element utc = response.add(time, SCHEMA, "UTCDateTime");
                Element clock = response.add(utc, SCHEMA, "Time");
                response.add(clock, SCHEMA, "Hour", Integer.toString(now.getHour()));
                response.add(clock, SCHEMA, "Minute", Integer.toString(now.getMinute()));
                response.add(clock, SCHEMA, "Second", Integer.toString(now.getSecond()));
                Element date = response.add(utc, SCHEMA, "Date");
                response.add(date, SCHEMA, "Year", Integer.toString(now.getYear()));
                response.add(date, SCHEMA, "Month", Integer.toString(now.getMonthValue()));
                response.add(date, SCHEMA, "Day", Integer.toString(now.getDayOfMonth()));
            }
            case "GetServices" -> {
                List<String> offered = offersRecordings ? List.of(DEVICE, MEDIA, SEARCH, REPLAY) : List.of(DEVICE, MEDIA);
                for (String namespace : offered) {
                    String path = serviceNamespaces.entrySet().stream().filter(entry -> entry.getValue().equals(namespace))
                            .findFirst().orElseThrow().getKey();
                    Element service = response.add(root, DEVICE, "Service");
                    response.add(service, DEVICE, "Namespace", namespace);
                    response.add(service, DEVICE, "XAddr", "http://" + reportedAuthority + path);
                    Element version = response.add(service, DEVICE, "Version");
                    response.add(version, SCHEMA, "Major", "2");
                    response.add(version, SCHEMA, "Minor", "60");
                }
            }
            case "GetProfiles" -> {
                for (MediaProfile profile : profiles) {
                    Element element = response.add(root, MEDIA, "Profiles");
                    element.setAttribute("token", profile.token());
                    response.add(element, SCHEMA, "Name", profile.name());
                    profile.video().ifPresent(video -> addVideoEncoder(response, element, profile, video));
                }
            }
            case "GetStreamUri" -> {
                String token = text(request, MEDIA, "ProfileToken");
                if (profiles.stream().noneMatch(profile -> profile.token().equals(token))) {
                    return fault("env:Sender", List.of("ter:InvalidArgVal", "ter:NoProfile"), "no such profile");
                }
                Element uri = response.add(root, MEDIA, "MediaUri");
                response.add(uri, SCHEMA, "Uri", "rtsp://127.0.0.1:8554/live/" + token);
                response.add(uri, SCHEMA, "InvalidAfterConnect", "false");
                response.add(uri, SCHEMA, "InvalidAfterReboot", "false");
                response.add(uri, SCHEMA, "Timeout", "PT0S");
            }
            case "FindRecordings" -> {
                Element scope = child(request, SEARCH, "Scope").orElseThrow();
                List<String> wanted = elementsText(scope, SCHEMA, "IncludedRecordings");
                includedRecordings.add(wanted);
                List<RecordingSummary> matching = recordings.stream()
                        .filter(recording -> wanted.isEmpty() || wanted.contains(recording.token())).toList();
                String maxMatches = text(request, SEARCH, "MaxMatches");
                if (!maxMatches.isEmpty()) {
                    matching = matching.subList(0, Math.min(matching.size(), Integer.parseInt(maxMatches)));
                }
                String token = "search-" + searchCounter.incrementAndGet();
                searches.put(token, new SearchSession(matching));
                response.add(root, SEARCH, "SearchToken", token);
            }
            case "GetRecordingSearchResults" -> {
                SearchSession session = searches.get(text(request, SEARCH, "SearchToken"));
                if (session == null) {
                    return fault("env:Sender", List.of("ter:InvalidArgVal", "ter:InvalidToken"), "no such search");
                }
                String maxResults = text(request, SEARCH, "MaxResults");
                int limit = Math.min(resultsPerAnswer, maxResults.isEmpty() ? Integer.MAX_VALUE : Integer.parseInt(maxResults));
                List<RecordingSummary> page = session.next(limit);
                boolean completed = session.exhausted();
                if (completed) {
                    // A completed search session ends on the device (Recording Search spec, "Search Session").
                    searches.remove(text(request, SEARCH, "SearchToken"));
                }
                Element list = response.add(root, SEARCH, "ResultList");
                response.add(list, SCHEMA, "SearchState", completed ? "Completed" : "Searching");
                for (RecordingSummary recording : page) {
                    addRecordingInformation(response, list, recording);
                }
            }
            case "EndSearch" -> {
                if (searches.remove(text(request, SEARCH, "SearchToken")) == null) {
                    return fault("env:Sender", List.of("ter:InvalidArgVal", "ter:InvalidToken"), "no such search");
                }
                response.add(root, SEARCH, "Endpoint", deviceNow().toString());
            }
            case "GetReplayUri" -> {
                String token = text(request, REPLAY, "RecordingToken");
                if (recordings.stream().noneMatch(recording -> recording.token().equals(token))) {
                    return fault("env:Sender", List.of("ter:InvalidArgVal", "ter:NoRecording"), "no such recording");
                }
                response.add(root, REPLAY, "Uri", replayUriBase + token);
            }
            default -> {
                return fault("env:Receiver", List.of("ter:ActionNotSupported"), "not implemented by the test device");
            }
        }
        List<String> problems = schemas.problems(root);
        if (!problems.isEmpty()) {
            responseProblems.add(name + "Response: " + String.join("; ", problems));
        }
        return Answer.soap(200, response.bytes());
    }

    private static void addVideoEncoder(Response response, Element profile, MediaProfile media, VideoFormat video) {
        Element encoder = response.add(profile, SCHEMA, "VideoEncoderConfiguration");
        encoder.setAttribute("token", "encoder-" + media.token());
        response.add(encoder, SCHEMA, "Name", "Encoder " + media.name());
        response.add(encoder, SCHEMA, "UseCount", "1");
        response.add(encoder, SCHEMA, "Encoding", video.encoding());
        Element resolution = response.add(encoder, SCHEMA, "Resolution");
        response.add(resolution, SCHEMA, "Width", Integer.toString(video.width()));
        response.add(resolution, SCHEMA, "Height", Integer.toString(video.height()));
        response.add(encoder, SCHEMA, "Quality", "5");
        Element multicast = response.add(encoder, SCHEMA, "Multicast");
        Element address = response.add(multicast, SCHEMA, "Address");
        response.add(address, SCHEMA, "Type", "IPv4");
        response.add(address, SCHEMA, "IPv4Address", "0.0.0.0");
        response.add(multicast, SCHEMA, "Port", "0");
        response.add(multicast, SCHEMA, "TTL", "1");
        response.add(multicast, SCHEMA, "AutoStart", "false");
        response.add(encoder, SCHEMA, "SessionTimeout", "PT60S");
    }

    private static void addRecordingInformation(Response response, Element list, RecordingSummary recording) {
        Element information = response.add(list, SCHEMA, "RecordingInformation");
        response.add(information, SCHEMA, "RecordingToken", recording.token());
        Element source = response.add(information, SCHEMA, "Source");
        response.add(source, SCHEMA, "SourceId", recording.source().sourceId());
        response.add(source, SCHEMA, "Name", recording.source().name());
        response.add(source, SCHEMA, "Location", recording.source().location());
        response.add(source, SCHEMA, "Description", "");
        response.add(source, SCHEMA, "Address", "");
        recording.earliest().ifPresent(time -> response.add(information, SCHEMA, "EarliestRecording", time.toString()));
        recording.latest().ifPresent(time -> response.add(information, SCHEMA, "LatestRecording", time.toString()));
        response.add(information, SCHEMA, "Content", "");
        for (RecordingTrack track : recording.tracks()) {
            Element element = response.add(information, SCHEMA, "Track");
            response.add(element, SCHEMA, "TrackToken", track.token());
            response.add(element, SCHEMA, "TrackType", track.type().xmlValue());
            response.add(element, SCHEMA, "Description", "");
            response.add(element, SCHEMA, "DataFrom", track.dataFrom().toString());
            response.add(element, SCHEMA, "DataTo", track.dataTo().toString());
        }
        response.add(information, SCHEMA, "RecordingStatus", "Stopped");
    }

    private Answer misbehave(Misbehaviour how, Element request) {
        String prefix = OnvifNamespaces.conventionalPrefix(request.getNamespaceURI());
        String start = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><env:Envelope xmlns:env=\"" + SOAP_ENVELOPE + "\" xmlns:"
                + prefix + "=\"" + request.getNamespaceURI() + "\"><env:Body>";
        String element = prefix + ":" + request.getLocalName() + "Response";
        return switch (how) {
            case MALFORMED_XML -> Answer.soap(200, (start + "<" + element + "><" + prefix + ":Uri>rtsp://x/</" + element + ">")
                    .getBytes(StandardCharsets.UTF_8));
            case GARBAGE_BODY -> new Answer(200, "application/octet-stream", new byte[] {0x1f, (byte) 0x8b, 0x08, 0x00, 'x', 0x7f},
                    Map.of());
            case HTML_PAGE -> new Answer(200, "text/html", "<!DOCTYPE html><html><body>Service unavailable</body></html>"
                    .getBytes(StandardCharsets.UTF_8), Map.of());
            case MISSING_ELEMENT -> Answer.soap(200, (start + "<" + element + "/></env:Body></env:Envelope>")
                    .getBytes(StandardCharsets.UTF_8));
            case DOCTYPE_WITH_ENTITY -> Answer.soap(200, ("<?xml version=\"1.0\"?><!DOCTYPE env:Envelope [<!ENTITY leak SYSTEM "
                    + "\"file:///etc/hostname\">]>" + start.substring(start.indexOf("<env:Envelope")) + "<" + element + "><"
                    + prefix + ":Uri>rtsp://&leak;/</" + prefix + ":Uri></" + element + "></env:Body></env:Envelope>")
                    .getBytes(StandardCharsets.UTF_8));
            case OVERSIZED -> Answer.soap(200, (start + "<!--" + "x".repeat(5 * 1024 * 1024) + "--></env:Body></env:Envelope>")
                    .getBytes(StandardCharsets.UTF_8));
            case HTTP_401 -> new Answer(401, "text/plain", new byte[0],
                    Map.of("WWW-Authenticate", List.of("Digest realm=\"test-device\", qop=\"auth\", nonce=\"0123456789abcdef\"")));
            case SLOW, STALLED_BODY -> throw new IllegalArgumentException(how + " answers normally, later");
        };
    }

    /// A SOAP 1.2 fault: HTTP 400 for env:Sender, 500 for env:Receiver (SOAP 1.2 HTTP binding).
    private static Answer fault(String code, List<String> subcodes, String reason) {
        Document document = HardenedXml.newDocument();
        Element envelope = document.createElementNS(SOAP_ENVELOPE, "env:Envelope");
        envelope.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:env", SOAP_ENVELOPE);
        envelope.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:ter", ERROR);
        document.appendChild(envelope);
        Element body = append(envelope, SOAP_ENVELOPE, "env:Body", null);
        Element fault = append(body, SOAP_ENVELOPE, "env:Fault", null);
        Element level = append(fault, SOAP_ENVELOPE, "env:Code", null);
        append(level, SOAP_ENVELOPE, "env:Value", code);
        for (String subcode : subcodes) {
            level = append(level, SOAP_ENVELOPE, "env:Subcode", null);
            append(level, SOAP_ENVELOPE, "env:Value", subcode);
        }
        Element text = append(append(fault, SOAP_ENVELOPE, "env:Reason", null), SOAP_ENVELOPE, "env:Text", reason);
        text.setAttributeNS(XMLConstants.XML_NS_URI, "xml:lang", "en");
        return Answer.soap(code.equals("env:Sender") ? 400 : 500, HardenedXml.write(document));
    }

    private static Element append(Element parent, String namespace, String qualifiedName, String text) {
        Element child = parent.getOwnerDocument().createElementNS(namespace, qualifiedName);
        if (text != null) {
            child.setTextContent(text);
        }
        parent.appendChild(child);
        return child;
    }

    private static void send(HttpExchange http, int status, String contentType, byte[] body) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        http.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            http.getResponseBody().write(body);
        }
    }

    private static Optional<Element> child(Element parent, String namespace, String localName) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && localName.equals(element.getLocalName())
                    && namespace.equals(element.getNamespaceURI())) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    private static Optional<Element> firstElement(Element parent) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                return Optional.of(element);
            }
        }
        return Optional.empty();
    }

    private static String text(Element parent, String namespace, String localName) {
        return child(parent, namespace, localName).map(element -> element.getTextContent().strip()).orElse("");
    }

    private static List<String> elementsText(Element parent, String namespace, String localName) {
        List<String> texts = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && localName.equals(element.getLocalName())
                    && namespace.equals(element.getNamespaceURI())) {
                texts.add(element.getTextContent());
            }
        }
        return texts;
    }

    private static byte[] sha1(byte[]... parts) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            for (byte[] part : parts) {
                sha1.update(part);
            }
            return sha1.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /// One answer: status, body, and how long to hold it (all of it, or its second half).
    private record Answer(int status, String contentType, byte[] body, Map<String, List<String>> headers, Duration delay,
            boolean stallBody) {

        Answer(int status, String contentType, byte[] body, Map<String, List<String>> headers) {
            this(status, contentType, body, headers, Duration.ZERO, false);
        }

        static Answer soap(int status, byte[] body) {
            return new Answer(status, "application/soap+xml; charset=utf-8", body, Map.of());
        }

        Answer after(Duration wait) {
            return new Answer(status, contentType, body, headers, wait, false);
        }

        Answer stalledFor(Duration wait) {
            return new Answer(status, contentType, body, headers, wait, true);
        }
    }

    /// A response envelope under construction, built with DOM like the client's requests.
    private static final class Response {

        private final Document document = HardenedXml.newDocument();
        private final Element root;

        Response(String namespace, String elementName) {
            Element envelope = document.createElementNS(SOAP_ENVELOPE, "env:Envelope");
            for (String known : List.of(SOAP_ENVELOPE, SCHEMA, DEVICE, MEDIA, SEARCH, REPLAY)) {
                envelope.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:" + OnvifNamespaces.conventionalPrefix(known), known);
            }
            document.appendChild(envelope);
            Element body = append(envelope, SOAP_ENVELOPE, "env:Body", null);
            root = append(body, namespace, OnvifNamespaces.conventionalPrefix(namespace) + ":" + elementName, null);
        }

        Element add(Element parent, String namespace, String localName) {
            return append(parent, namespace, OnvifNamespaces.conventionalPrefix(namespace) + ":" + localName, null);
        }

        Element add(Element parent, String namespace, String localName, String text) {
            return append(parent, namespace, OnvifNamespaces.conventionalPrefix(namespace) + ":" + localName, text);
        }

        byte[] bytes() {
            return HardenedXml.write(document);
        }
    }

    /// A recording search in progress: the matching recordings and how many were handed out.
    private static final class SearchSession {

        private final List<RecordingSummary> matching;
        private int delivered;

        SearchSession(List<RecordingSummary> matching) {
            this.matching = matching;
        }

        synchronized List<RecordingSummary> next(int limit) {
            List<RecordingSummary> page = matching.subList(delivered, Math.min(matching.size(), delivered + limit));
            delivered += page.size();
            return List.copyOf(page);
        }

        synchronized boolean exhausted() {
            return delivered >= matching.size();
        }
    }
}
