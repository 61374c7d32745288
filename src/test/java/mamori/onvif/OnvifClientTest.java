package mamori.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.xml.namespace.QName;
import mamori.onvif.OnvifException.Kind;
import mamori.onvif.OnvifTestDevice.Misbehaviour;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/// The client against [OnvifTestDevice], a stand-in device on a real HTTP server at 127.0.0.1 that
/// checks every request against the official ONVIF schemas and user name tokens the way firmware does.
@Tag("system")
class OnvifClientTest {

    private static final Credentials RIGHT = new Credentials(OnvifTestDevice.USERNAME, OnvifTestDevice.PASSWORD);
    private static final Instant T0 = Instant.parse("2026-11-02T01:00:00Z");
    private static final List<RecordingSummary> RECORDINGS = List.of(
            recording("rec-entrance", "urn:mamori:camera:entrance", "Entrance", "1F lobby", T0, T0.plusSeconds(3_600)),
            recording("rec-garage", "urn:mamori:camera:garage", "Garage", "B1 parking", T0.plusSeconds(60), T0.plusSeconds(7_200)),
            recording("rec-server-room", "urn:mamori:camera:server-room", "サーバー室", "3F", T0.plusSeconds(120),
                    T0.plusSeconds(10_800)));

    private static OnvifSchemas schemas;
    private OnvifTestDevice device;
    private OnvifClient client;

    @BeforeAll
    static void loadSchemas() {
        schemas = OnvifSchemas.load();
    }

    @BeforeEach
    void startDevice() throws IOException {
        device = new OnvifTestDevice(schemas).recordings(RECORDINGS);
        client = new OnvifClient(Clock.systemUTC(), Timeouts.DEFAULT);
    }

    @AfterEach
    void everyRequestWasValidAndEveryAnswerConforming() {
        client.close();
        device.close();
        assertEquals(List.of(), device.requestProblems(), "requests the ONVIF schemas refuse");
        assertEquals(List.of(), device.responseProblems(), "the test device's own answers must conform too");
    }

    @Test
    void aDeviceTwoHoursAheadIsMeasuredTwoHoursAhead() throws OnvifException {
        device.clockOffset(Duration.ofHours(2));

        DeviceClock clock = client.measureClock(device.deviceServiceAddress());

        // The device reports whole seconds: the offset is good to a second plus half the round trip.
        assertTrue(clock.offset().minus(Duration.ofHours(2)).abs().compareTo(Duration.ofMillis(1_500)) < 0, clock.toString());
        assertEquals(List.of("GetSystemDateAndTime"), device.operations());
    }

    @Test
    void aDeviceTwoHoursAheadAcceptsOnlyTokensCreatedOnItsClock() throws OnvifException {
        device.clockOffset(Duration.ofHours(2));

        OnvifDevice onvif = client.connect(device.deviceServiceAddress(), RIGHT);
        assertEquals(RECORDINGS, onvif.findRecordings(RecordingSearch.allRecordings()));
        for (Instant created : device.acceptedCreated()) {
            assertTrue(Duration.between(Instant.now().plus(Duration.ofHours(2)), created).abs().getSeconds() <= 5, created.toString());
        }

        // The same request with Created on the local clock, as a client that ignores the offset sends it.
        SoapRequest uncorrected = SoapRequest.of(OnvifNamespaces.MEDIA, "GetProfiles");
        uncorrected.signWith(RIGHT, Instant.now(), new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16});
        try (HttpClient http = HttpClient.newHttpClient()) {
            OnvifException refused = assertThrows(OnvifException.class, () -> new SoapTransport(http, Timeouts.DEFAULT)
                    .call(new Exchange("GetProfiles", onvif.services().media().orElseThrow()), uncorrected, Duration.ZERO));
            assertEquals(Kind.WRONG_CREDENTIALS, refused.kind());
        }
        assertEquals(1, device.refusals().size(), device.refusals().toString());
        assertTrue(device.refusals().getFirst().contains("120 minutes from the device clock"), device.refusals().toString());
    }

    @Test
    void recordingsSplitOverTwoAnswersAreAllFound() throws OnvifException {
        device.resultsPerAnswer(2);

        List<RecordingSummary> found = client.connect(device.deviceServiceAddress(), RIGHT).findRecordings(RecordingSearch.allRecordings());

        assertEquals(RECORDINGS, found);
        assertEquals(List.of("GetSystemDateAndTime", "GetServices", "FindRecordings", "GetRecordingSearchResults",
                "GetRecordingSearchResults"), device.operations());
        assertEquals(0, device.openSearches(), "a completed search ends on the device");
    }

    @Test
    void theSearchAsksForNamedRecordingsOnly() throws OnvifException {
        OnvifDevice onvif = client.connect(device.deviceServiceAddress(), RIGHT);

        List<RecordingSummary> found = onvif.findRecordings(RecordingSearch.allRecordings().onlyRecordings(List.of("rec-garage")));

        assertEquals(List.of(RECORDINGS.get(1)), found);
        assertEquals(List.of(List.of("rec-garage")), device.includedRecordings());
    }

    @Test
    void markupInATokenReachesTheDeviceAsText() throws OnvifException {
        String token = "a</tt:IncludedRecordings><tt:Extension/>&amp;";

        assertEquals(List.of(), client.connect(device.deviceServiceAddress(), RIGHT)
                .findRecordings(RecordingSearch.allRecordings().onlyRecordings(List.of(token))));

        assertEquals(List.of(List.of(token)), device.includedRecordings());
    }

    @Test
    void aSearchThatFailsMidwayIsEndedOnTheDevice() throws OnvifException {
        device.resultsPerAnswer(1).misbehaveOnce("GetRecordingSearchResults", Misbehaviour.MALFORMED_XML);
        OnvifDevice onvif = client.connect(device.deviceServiceAddress(), RIGHT);

        OnvifException failure = assertThrows(OnvifException.class, () -> onvif.findRecordings(RecordingSearch.allRecordings()));

        assertEquals(Kind.MALFORMED_XML, failure.kind());
        assertEquals(List.of("FindRecordings", "GetRecordingSearchResults", "EndSearch"), device.operations().subList(2, 5));
        assertEquals(0, device.openSearches());
        assertEquals(0, failure.getSuppressed().length, "EndSearch itself succeeded");
    }

    @Test
    void theReplayUriIsTheDevicesRtspAddressOfTheRecording() throws OnvifException {
        device.replayUriBase("rtsp://127.0.0.1:8554/");
        OnvifDevice onvif = client.connect(device.deviceServiceAddress(), RIGHT);

        assertEquals(URI.create("rtsp://127.0.0.1:8554/rec-garage"), onvif.replayUri("rec-garage"));

        OnvifException unknown = assertThrows(OnvifException.class, () -> onvif.replayUri("rec-missing"));
        assertEquals(Kind.DEVICE_FAULT, unknown.kind());
        assertTrue(unknown.fault().orElseThrow().hasSubcode(new QName(OnvifNamespaces.ERROR, "NoRecording")));
        assertTrue(unknown.getMessage().contains("env:Sender / ter:InvalidArgVal / ter:NoRecording"), unknown.getMessage());
    }

    @Test
    void profilesAndTheirLiveStreamUris() throws OnvifException {
        List<MediaProfile> profiles = List.of(
                new MediaProfile("cam1-main", "Main 4K", Optional.of(new VideoFormat("H264", 3840, 2160))),
                new MediaProfile("cam1-audio", "Audio only", Optional.empty()));
        device.profiles(profiles);
        OnvifDevice onvif = client.connect(device.deviceServiceAddress(), RIGHT);

        assertEquals(profiles, onvif.profiles());
        assertEquals(URI.create("rtsp://127.0.0.1:8554/live/cam1-main"), onvif.streamUri("cam1-main"));
    }

    @Test
    void aWrongPasswordIsReportedAsWrongCredentialsWithoutThePassword() {
        OnvifException refused = assertThrows(OnvifException.class,
                () -> client.connect(device.deviceServiceAddress(), new Credentials(OnvifTestDevice.USERNAME, "Wrong-Guess-42")));

        assertEquals(Kind.WRONG_CREDENTIALS, refused.kind());
        assertTrue(refused.fault().orElseThrow().isNotAuthorized());
        assertEquals("GetServices", refused.operation());
        assertEquals("GetServices at http://127.0.0.1:" + device.port() + "/onvif/device_service: wrong user name or password "
                + "(the device answered env:Sender / ter:NotAuthorized: Sender not authorized)", refused.getMessage());
        assertEquals(List.of("GetServices: unknown user or wrong digest"), device.refusals());
    }

    @Test
    void http401IsReportedAsWrongCredentials() throws OnvifException {
        OnvifDevice onvif = client.connect(device.deviceServiceAddress(), RIGHT);
        device.misbehaveOnce("GetProfiles", Misbehaviour.HTTP_401);

        OnvifException refused = assertThrows(OnvifException.class, onvif::profiles);

        assertEquals(Kind.WRONG_CREDENTIALS, refused.kind());
        assertTrue(refused.getMessage().endsWith("wrong user name or password (HTTP 401; the device asks for HTTP digest "
                + "authentication, which this client does not send)"), refused.getMessage());
    }

    @Test
    void aPasswordInTheDeviceAddressStaysOutOfMessages() throws IOException {
        URI withUser = URI.create("http://admin:Hunter2-secret@127.0.0.1:" + freePort() + "/onvif/device_service");

        OnvifException unreachable = assertThrows(OnvifException.class, () -> client.connect(withUser, RIGHT));

        assertEquals(Kind.UNREACHABLE, unreachable.kind());
        assertFalse(unreachable.getMessage().contains("Hunter2"), unreachable.getMessage());
        assertFalse(RIGHT.toString().contains(OnvifTestDevice.PASSWORD), RIGHT.toString());
    }

    @ParameterizedTest
    @EnumSource(value = Misbehaviour.class, names = {"MALFORMED_XML", "GARBAGE_BODY", "HTML_PAGE", "MISSING_ELEMENT",
        "DOCTYPE_WITH_ENTITY", "OVERSIZED"})
    void aBrokenAnswerIsAClearFailureNamingOperationAndDevice(Misbehaviour how) throws OnvifException {
        OnvifDevice onvif = client.connect(device.deviceServiceAddress(), RIGHT);
        device.misbehaveOnce("GetReplayUri", how);

        OnvifException failure = assertThrows(OnvifException.class, () -> onvif.replayUri("rec-entrance"));

        String expectedStart = "GetReplayUri at http://127.0.0.1:" + device.port() + "/onvif/replay_service: ";
        assertTrue(failure.getMessage().startsWith(expectedStart), failure.getMessage());
        switch (how) {
            case MALFORMED_XML -> assertFailure(Kind.MALFORMED_XML, "the answer is not well-formed XML at line 1", failure);
            case GARBAGE_BODY -> assertFailure(Kind.NOT_XML, "the answer is not XML", failure);
            case HTML_PAGE -> assertFailure(Kind.NOT_XML, "the answer is not XML (it starts with \"<!DOCTYPE html>", failure);
            case MISSING_ELEMENT -> assertFailure(Kind.MISSING_ELEMENT, "the answer lacks GetReplayUriResponse/Uri", failure);
            case DOCTYPE_WITH_ENTITY -> assertFailure(Kind.MALFORMED_XML, "DOCTYPE is disallowed", failure);
            case OVERSIZED -> assertFailure(Kind.TOO_LARGE, "larger than 4194304 bytes", failure);
            default -> throw new AssertionError(how);
        }
    }

    @ParameterizedTest
    @EnumSource(value = Misbehaviour.class, names = {"SLOW", "STALLED_BODY"})
    void aSlowDeviceTimesOutWithinTheConfiguredTime(Misbehaviour how) throws OnvifException {
        // Warms up both sides, so that the impatient client's own connect is not what times out.
        client.connect(device.deviceServiceAddress(), RIGHT);
        try (OnvifClient impatient = new OnvifClient(Clock.systemUTC(), new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1)))) {
            OnvifDevice onvif = impatient.connect(device.deviceServiceAddress(), RIGHT);
            device.slowDelay(Duration.ofSeconds(20)).misbehaveOnce("GetProfiles", how);

            long start = System.nanoTime();
            OnvifException failure = assertThrows(OnvifException.class, onvif::profiles);
            Duration waited = Duration.ofNanos(System.nanoTime() - start);

            assertEquals(Kind.TIMEOUT, failure.kind());
            // No headers: the request's own timeout. Headers, then silence: the bound on the whole exchange.
            String expected = how == Misbehaviour.SLOW ? "no answer within 1 s" : "no complete answer within 2 s";
            assertTrue(failure.getMessage().contains(expected), failure.getMessage());
            assertTrue(waited.compareTo(Duration.ofMillis(950)) >= 0 && waited.compareTo(Duration.ofSeconds(6)) < 0, waited.toString());
        }
    }

    @Test
    void anUnreachableDeviceIsReportedAsUnreachable() throws IOException {
        URI nobody = URI.create("http://127.0.0.1:" + freePort() + "/onvif/device_service");

        OnvifException failure = assertThrows(OnvifException.class, () -> client.measureClock(nobody));

        assertEquals(Kind.UNREACHABLE, failure.kind());
        assertEquals("GetSystemDateAndTime", failure.operation());
    }

    @Test
    void serviceAddressesReportedFromBehindNatPointAtTheAddressUsed() throws OnvifException {
        device.reportedAuthority("192.0.2.10");

        OnvifDevice onvif = client.connect(device.deviceServiceAddress(), RIGHT);

        assertEquals(URI.create("http://127.0.0.1:" + device.port() + "/onvif/search_service"), onvif.services().search().orElseThrow());
        assertEquals(RECORDINGS, onvif.findRecordings(RecordingSearch.allRecordings()));
    }

    @Test
    void aCameraWithoutRecordingsSaysItOffersNoSearch() throws OnvifException {
        device.offersRecordings(false);
        OnvifDevice onvif = client.connect(device.deviceServiceAddress(), RIGHT);

        OnvifException failure = assertThrows(OnvifException.class, () -> onvif.findRecordings(RecordingSearch.allRecordings()));

        assertEquals(Kind.SERVICE_NOT_OFFERED, failure.kind());
        assertTrue(failure.getMessage().contains("the device offers no search (ONVIF Profile G) service"), failure.getMessage());
    }

    @Test
    void everyOperationsRequestIsValidAndCarriesAFreshNonce() throws OnvifException {
        OnvifDevice onvif = client.connect(device.deviceServiceAddress(), RIGHT);
        onvif.profiles();
        onvif.streamUri("profile-main");
        onvif.findRecordings(RecordingSearch.allRecordings().withMaxMatches(2).withResultsPerRequest(1));
        onvif.replayUri("rec-entrance");

        assertEquals(List.of("GetSystemDateAndTime", "GetServices", "GetProfiles", "GetStreamUri", "FindRecordings",
                "GetRecordingSearchResults", "GetRecordingSearchResults", "GetReplayUri"), device.operations());
        assertEquals(8, device.validatedRequests());
        assertEquals(List.of(), device.requestProblems());
        // Every request but the unauthenticated clock query carries a token with its own 16-byte nonce.
        assertEquals(7, device.nonces().size());
        Set<String> distinct = new HashSet<>();
        for (byte[] nonce : device.nonces()) {
            assertEquals(UsernameToken.NONCE_BYTES, nonce.length);
            distinct.add(HexFormat.of().formatHex(nonce));
        }
        assertEquals(7, distinct.size());
    }

    private static void assertFailure(Kind kind, String detail, OnvifException failure) {
        assertEquals(kind, failure.kind(), failure.getMessage());
        assertTrue(failure.getMessage().contains(detail), failure.getMessage());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static RecordingSummary recording(String token, String sourceId, String name, String location, Instant from, Instant to) {
        return new RecordingSummary(token, new RecordingSource(sourceId, name, location), Optional.of(from), Optional.of(to),
                List.of(new RecordingTrack("video", TrackType.VIDEO, from, to),
                        new RecordingTrack("audio", TrackType.AUDIO, from.plusSeconds(5), to)));
    }
}
