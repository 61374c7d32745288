package mamori.onvif;

import static mamori.onvif.OnvifNamespaces.DEVICE;
import static mamori.onvif.OnvifNamespaces.MEDIA;
import static mamori.onvif.OnvifNamespaces.REPLAY;
import static mamori.onvif.OnvifNamespaces.SCHEMA;
import static mamori.onvif.OnvifNamespaces.SEARCH;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mamori.onvif.OnvifException.Kind;
import org.w3c.dom.Element;

/// One ONVIF device or recorder, reached with [OnvifClient#connect]: its measured clock, its
/// services, and the operations the player needs. Every request carries a fresh user name token
/// whose `Created` is on the device's clock. The clock offset is measured once; connect again to
/// measure it anew (after the device's clock was set, or when a long-running kiosk is refused).
/// Immutable; calls may come from several threads.
public final class OnvifDevice {

    /// More recordings than this on one recorder is not something a kiosk can list.
    static final int MAX_RECORDINGS = 10_000;
    /// GetRecordingSearchResults requests per search, whatever the device answers.
    static final int MAX_RESULT_REQUESTS = 1_000;
    static final int MAX_SERVICES = 64;
    static final int MAX_PROFILES = 64;
    static final int MAX_TRACKS = 64;

    private final SignedTransport transport;
    private final URI address;
    private final OnvifServices services;

    private OnvifDevice(SignedTransport transport, URI address, OnvifServices services) {
        this.transport = transport;
        this.address = address;
        this.services = services;
    }

    static OnvifDevice connect(SignedTransport transport, URI address) throws OnvifException {
        return new OnvifDevice(transport, address, readServices(transport, address));
    }

    /// The device service address this device was reached on.
    public URI address() {
        return address;
    }

    public DeviceClock clock() {
        return transport.deviceClock();
    }

    public OnvifServices services() {
        return services;
    }

    /// The live media profiles (media GetProfiles).
    public List<MediaProfile> profiles() throws OnvifException {
        Exchange exchange = new Exchange("GetProfiles", service(services.media(), "GetProfiles", "media"));
        ResponseElement response = transport.call(exchange, SoapRequest.of(MEDIA, "GetProfiles"), Duration.ZERO);
        List<MediaProfile> profiles = new ArrayList<>();
        for (ResponseElement profile : response.children(MEDIA, "Profiles", MAX_PROFILES)) {
            Optional<VideoFormat> video = Optional.empty();
            Optional<ResponseElement> encoder = profile.optionalChild(SCHEMA, "VideoEncoderConfiguration");
            if (encoder.isPresent()) {
                ResponseElement resolution = encoder.get().child(SCHEMA, "Resolution");
                video = Optional.of(new VideoFormat(encoder.get().child(SCHEMA, "Encoding").token(),
                        resolution.child(SCHEMA, "Width").integer(), resolution.child(SCHEMA, "Height").integer()));
            }
            profiles.add(new MediaProfile(profile.attribute("token"), profile.child(SCHEMA, "Name").text(), video));
        }
        return profiles;
    }

    /// The RTSP address of a profile's live stream (media GetStreamUri, RTP unicast over RTSP).
    public URI streamUri(String profileToken) throws OnvifException {
        requireToken(profileToken, "profileToken");
        Exchange exchange = new Exchange("GetStreamUri", service(services.media(), "GetStreamUri", "media"));
        SoapRequest request = SoapRequest.of(MEDIA, "GetStreamUri");
        addRtspUnicastSetup(request, MEDIA);
        request.add(request.operation(), MEDIA, "ProfileToken", profileToken);
        return transport.call(exchange, request, Duration.ZERO).child(MEDIA, "MediaUri").child(SCHEMA, "Uri").uri("rtsp", "rtsps");
    }

    /// The recordings the search finds (search FindRecordings, then GetRecordingSearchResults until
    /// the device says the search is completed; results may arrive over many answers, and a
    /// recording reported twice is listed once). A search that stops early, for any reason, is
    /// ended on the device (EndSearch) so it frees the session.
    public List<RecordingSummary> findRecordings(RecordingSearch search) throws OnvifException {
        URI searchService = service(services.search(), "FindRecordings", "search (ONVIF Profile G)");
        String searchToken = startSearch(new Exchange("FindRecordings", searchService), search);
        Map<String, RecordingSummary> found = new LinkedHashMap<>();
        long start = System.nanoTime();
        try {
            for (int request = 1; request <= MAX_RESULT_REQUESTS; request++) {
                Exchange exchange = new Exchange("GetRecordingSearchResults", searchService);
                ResponseElement results = transport.call(exchange, resultsRequest(searchToken, search), search.waitPerRequest())
                        .child(SEARCH, "ResultList");
                // Queued is deprecated and Unknown "should never happen"; both mean: ask again.
                String state = results.child(SCHEMA, "SearchState").oneOf(List.of("Completed", "Searching", "Queued", "Unknown"));
                int room = MAX_RECORDINGS - found.size();
                for (ResponseElement information : results.children(SCHEMA, "RecordingInformation", room)) {
                    RecordingSummary recording = recording(information);
                    found.putIfAbsent(recording.token(), recording);
                }
                if (state.equals("Completed")) {
                    // A completed search has ended on the device (Recording Search spec, "Search Session").
                    return List.copyOf(found.values());
                }
                if (Duration.ofNanos(System.nanoTime() - start).compareTo(search.timeLimit()) > 0) {
                    throw exchange.failure(Kind.TIMEOUT, "the search was not completed within " + search.timeLimit().toSeconds()
                            + " s (" + found.size() + " recordings so far)");
                }
            }
            throw new Exchange("GetRecordingSearchResults", searchService).failure(Kind.TOO_LARGE,
                    "the search was not completed after " + MAX_RESULT_REQUESTS + " requests");
        } catch (OnvifException failure) {
            endSearch(searchService, searchToken, failure);
            throw failure;
        }
    }

    /// The RTSP address to replay a recording from (replay GetReplayUri, RTP unicast over RTSP).
    public URI replayUri(String recordingToken) throws OnvifException {
        requireToken(recordingToken, "recordingToken");
        Exchange exchange = new Exchange("GetReplayUri", service(services.replay(), "GetReplayUri", "replay (ONVIF Profile G)"));
        SoapRequest request = SoapRequest.of(REPLAY, "GetReplayUri");
        addRtspUnicastSetup(request, REPLAY);
        request.add(request.operation(), REPLAY, "RecordingToken", recordingToken);
        return transport.call(exchange, request, Duration.ZERO).child(REPLAY, "Uri").uri("rtsp", "rtsps");
    }

    @Override
    public String toString() {
        return "OnvifDevice[" + new Exchange("", address).displayAddress() + ", user " + transport.username() + "]";
    }

    private static OnvifServices readServices(SignedTransport transport, URI address) throws OnvifException {
        Exchange exchange = new Exchange("GetServices", address);
        SoapRequest request = SoapRequest.of(DEVICE, "GetServices");
        request.add(request.operation(), DEVICE, "IncludeCapability", "false");
        Map<String, URI> byNamespace = new HashMap<>();
        for (ResponseElement service : transport.call(exchange, request, Duration.ZERO).children(DEVICE, "Service", MAX_SERVICES)) {
            URI xaddr = service.child(DEVICE, "XAddr").uri("http", "https");
            byNamespace.putIfAbsent(service.child(DEVICE, "Namespace").text(), onDeviceHost(exchange, address, xaddr));
        }
        return new OnvifServices(address, Optional.ofNullable(byNamespace.get(MEDIA)), Optional.ofNullable(byNamespace.get(SEARCH)),
                Optional.ofNullable(byNamespace.get(REPLAY)));
    }

    /// A service's XAddr with the scheme, host and port the device was reached on: devices behind
    /// NAT or port forwarding report their inner address, and signed requests go only to the host
    /// the operator named.
    private static URI onDeviceHost(Exchange exchange, URI address, URI xaddr) throws OnvifException {
        try {
            String path = xaddr.getRawPath() == null || xaddr.getRawPath().isEmpty() ? "/" : xaddr.getRawPath();
            return new URI(address.getScheme() + "://" + address.getHost() + (address.getPort() < 0 ? "" : ":" + address.getPort())
                    + path + (xaddr.getRawQuery() == null ? "" : "?" + xaddr.getRawQuery()));
        } catch (URISyntaxException e) {
            throw exchange.failure(Kind.INVALID_VALUE, "a service address (XAddr) cannot be used: " + e.getReason(), e);
        }
    }

    private String startSearch(Exchange exchange, RecordingSearch search) throws OnvifException {
        SoapRequest request = SoapRequest.of(SEARCH, "FindRecordings");
        Element scope = request.add(request.operation(), SEARCH, "Scope");
        for (String source : search.sourceTokens()) {
            requireToken(source, "sourceTokens");
            request.add(request.add(scope, SCHEMA, "IncludedSources"), SCHEMA, "Token", source);
        }
        for (String recording : search.recordingTokens()) {
            requireToken(recording, "recordingTokens");
            request.add(scope, SCHEMA, "IncludedRecordings", recording);
        }
        if (search.maxMatches().isPresent()) {
            request.add(request.operation(), SEARCH, "MaxMatches", Integer.toString(search.maxMatches().getAsInt()));
        }
        request.add(request.operation(), SEARCH, "KeepAliveTime", search.keepAlive().toString());
        return transport.call(exchange, request, Duration.ZERO).child(SEARCH, "SearchToken").token();
    }

    private SoapRequest resultsRequest(String searchToken, RecordingSearch search) {
        SoapRequest request = SoapRequest.of(SEARCH, "GetRecordingSearchResults");
        request.add(request.operation(), SEARCH, "SearchToken", searchToken);
        request.add(request.operation(), SEARCH, "MinResults", "1");
        request.add(request.operation(), SEARCH, "MaxResults", Integer.toString(search.resultsPerRequest()));
        request.add(request.operation(), SEARCH, "WaitTime", search.waitPerRequest().toString());
        return request;
    }

    private void endSearch(URI searchService, String searchToken, OnvifException failure) {
        try {
            SoapRequest request = SoapRequest.of(SEARCH, "EndSearch");
            request.add(request.operation(), SEARCH, "SearchToken", searchToken);
            transport.call(new Exchange("EndSearch", searchService), request, Duration.ZERO);
        } catch (OnvifException alsoFailed) {
            // The search failed already; the device drops the session after KeepAliveTime anyway.
            failure.addSuppressed(alsoFailed);
        }
    }

    private static RecordingSummary recording(ResponseElement information) throws OnvifException {
        ResponseElement source = information.child(SCHEMA, "Source");
        List<RecordingTrack> tracks = new ArrayList<>();
        for (ResponseElement track : information.children(SCHEMA, "Track", MAX_TRACKS)) {
            tracks.add(new RecordingTrack(track.child(SCHEMA, "TrackToken").token(), trackType(track.child(SCHEMA, "TrackType")),
                    track.child(SCHEMA, "DataFrom").dateTime(), track.child(SCHEMA, "DataTo").dateTime()));
        }
        return new RecordingSummary(information.child(SCHEMA, "RecordingToken").token(),
                new RecordingSource(source.child(SCHEMA, "SourceId").text(), source.child(SCHEMA, "Name").text(),
                        source.child(SCHEMA, "Location").text()),
                optionalTime(information, "EarliestRecording"), optionalTime(information, "LatestRecording"), tracks);
    }

    private static Optional<Instant> optionalTime(ResponseElement parent, String name) throws OnvifException {
        Optional<ResponseElement> element = parent.optionalChild(SCHEMA, name);
        return element.isPresent() ? Optional.of(element.get().dateTime()) : Optional.empty();
    }

    private static TrackType trackType(ResponseElement element) throws OnvifException {
        String text = element.oneOf(Arrays.stream(TrackType.values()).map(TrackType::xmlValue).toList());
        return Arrays.stream(TrackType.values()).filter(type -> type.xmlValue().equals(text)).findFirst().orElseThrow();
    }

    private static void addRtspUnicastSetup(SoapRequest request, String serviceNamespace) {
        Element setup = request.add(request.operation(), serviceNamespace, "StreamSetup");
        request.add(setup, SCHEMA, "Stream", "RTP-Unicast");
        request.add(request.add(setup, SCHEMA, "Transport"), SCHEMA, "Protocol", "RTSP");
    }

    private URI service(Optional<URI> service, String operation, String serviceName) throws OnvifException {
        return service.orElseThrow(() -> new Exchange(operation, address).failure(Kind.SERVICE_NOT_OFFERED,
                "the device offers no " + serviceName + " service"));
    }

    /// Tokens we send must be what tt:ReferenceToken allows, or the device refuses the whole request.
    private static void requireToken(String token, String what) {
        if (token == null || token.isEmpty() || token.length() > ResponseElement.MAX_TOKEN_CHARS) {
            throw new IllegalArgumentException(what + " must be a token of 1 to " + ResponseElement.MAX_TOKEN_CHARS + " characters");
        }
    }
}
