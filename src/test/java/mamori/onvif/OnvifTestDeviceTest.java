package mamori.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/// The stand-in device is only worth its checks if they refuse what a real device refuses: requests
/// the ONVIF schemas do not allow, replayed nonces, tokens created too far from its clock.
@Tag("system")
class OnvifTestDeviceTest {

    private static final Credentials RIGHT = new Credentials(OnvifTestDevice.USERNAME, OnvifTestDevice.PASSWORD);
    private static OnvifSchemas schemas;
    private OnvifTestDevice device;
    private HttpClient http;
    private byte nonceCounter;

    @BeforeAll
    static void loadSchemas() {
        schemas = OnvifSchemas.load();
    }

    @BeforeEach
    void start() throws IOException {
        device = new OnvifTestDevice(schemas).clockOffset(Duration.ofMinutes(-30));
        http = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() {
        http.close();
        device.close();
        assertEquals(List.of(), device.responseProblems());
    }

    @Test
    void aFindRecordingsWithAllRequiredElementsPasses() throws Exception {
        HttpResponse<String> answer = post("/onvif/search_service", findRecordings("PT10S", null));

        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals(List.of(), device.requestProblems());
        assertEquals(1, device.validatedRequests());
    }

    @Test
    void aFindRecordingsWithoutKeepAliveTimeIsRefusedAndRecorded() throws Exception {
        HttpResponse<String> answer = post("/onvif/search_service", findRecordings(null, null));

        assertEquals(400, answer.statusCode());
        assertTrue(answer.body().contains("ter:InvalidArgs"), answer.body());
        assertEquals(1, device.requestProblems().size());
        assertTrue(device.requestProblems().getFirst().startsWith("FindRecordings: cvc-complex-type.2.4.b"), device.requestProblems().toString());
        assertTrue(device.requestProblems().getFirst().contains("KeepAliveTime"), device.requestProblems().toString());
        assertEquals(0, device.validatedRequests());
    }

    @Test
    void anElementTheSchemaDoesNotDeclareIsRefused() throws Exception {
        // StartPoint belongs to FindEvents; snippets on the web put it into FindRecordings.
        HttpResponse<String> answer = post("/onvif/search_service", findRecordings("PT10S", "StartPoint"));

        assertEquals(400, answer.statusCode());
        assertTrue(device.requestProblems().getFirst().contains("StartPoint"), device.requestProblems().toString());
    }

    @Test
    void aValueOutsideAnEnumerationOfTheSharedSchemaIsRefused() throws Exception {
        SoapRequest replay = SoapRequest.of(OnvifNamespaces.REPLAY, "GetReplayUri");
        var setup = replay.add(replay.operation(), OnvifNamespaces.REPLAY, "StreamSetup");
        replay.add(setup, OnvifNamespaces.SCHEMA, "Stream", "RTP_Unicast");
        replay.add(replay.add(setup, OnvifNamespaces.SCHEMA, "Transport"), OnvifNamespaces.SCHEMA, "Protocol", "RTSP");
        replay.add(replay.operation(), OnvifNamespaces.REPLAY, "RecordingToken", "rec-1");
        sign(replay, Duration.ZERO);

        assertEquals(400, post("/onvif/replay_service", replay).statusCode());
        assertTrue(device.requestProblems().getFirst().contains("RTP_Unicast"), device.requestProblems().toString());
    }

    @Test
    void anOperationPostedToAnotherServiceIsRefused() throws Exception {
        SoapRequest profiles = SoapRequest.of(OnvifNamespaces.MEDIA, "GetProfiles");
        sign(profiles, Duration.ZERO);

        assertEquals(400, post("/onvif/search_service", profiles).statusCode());
        assertTrue(device.requestProblems().getFirst().contains("posted to /onvif/search_service"), device.requestProblems().toString());
    }

    @Test
    void aReplayedRequestIsRefused() throws Exception {
        SoapRequest request = findRecordings("PT10S", null);

        assertEquals(200, post("/onvif/search_service", request).statusCode());
        assertEquals(400, post("/onvif/search_service", request).statusCode());
        assertEquals(List.of("FindRecordings: the nonce was used before"), device.refusals());
    }

    @Test
    void tokensAreAcceptedWithinFiveMinutesOfTheDeviceClockOnly() throws Exception {
        SoapRequest fourMinutesOff = SoapRequest.of(OnvifNamespaces.MEDIA, "GetProfiles");
        sign(fourMinutesOff, Duration.ofMinutes(4));
        SoapRequest sixMinutesOff = SoapRequest.of(OnvifNamespaces.MEDIA, "GetProfiles");
        sign(sixMinutesOff, Duration.ofMinutes(-6));

        assertEquals(200, post("/onvif/media_service", fourMinutesOff).statusCode());
        HttpResponse<String> refused = post("/onvif/media_service", sixMinutesOff);
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("ter:NotAuthorized"), refused.body());
        assertEquals(1, device.refusals().size());
        assertTrue(device.refusals().getFirst().contains("is 6 minutes from the device clock"), device.refusals().toString());
    }

    @Test
    void anOperationThatNeedsAuthenticationIsRefusedWithoutAToken() throws Exception {
        HttpResponse<String> refused = post("/onvif/media_service", SoapRequest.of(OnvifNamespaces.MEDIA, "GetProfiles"));

        assertEquals(400, refused.statusCode());
        assertEquals(List.of("GetProfiles: no user name token"), device.refusals());
    }

    /// A FindRecordings built with DOM like the client's, with KeepAliveTime only when given and an
    /// extra (undeclared) element when named.
    private SoapRequest findRecordings(String keepAlive, String extraElement) {
        SoapRequest request = SoapRequest.of(OnvifNamespaces.SEARCH, "FindRecordings");
        request.add(request.operation(), OnvifNamespaces.SEARCH, "Scope");
        if (keepAlive != null) {
            request.add(request.operation(), OnvifNamespaces.SEARCH, "KeepAliveTime", keepAlive);
        }
        if (extraElement != null) {
            request.add(request.operation(), OnvifNamespaces.SEARCH, extraElement, "2026-11-02T00:00:00Z");
        }
        sign(request, Duration.ZERO);
        return request;
    }

    private void sign(SoapRequest request, Duration offFromDeviceClock) {
        byte[] nonce = new byte[16];
        nonce[0] = ++nonceCounter;
        request.signWith(RIGHT, device.deviceNow().plus(offFromDeviceClock), nonce);
    }

    private HttpResponse<String> post(String path, SoapRequest request) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + device.port() + path))
                .header("Content-Type", "application/soap+xml; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofByteArray(request.toBytes())).build(), HttpResponse.BodyHandlers.ofString());
    }
}
