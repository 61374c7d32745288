package mamori.onvif;

import static mamori.onvif.OnvifNamespaces.DEVICE;
import static mamori.onvif.OnvifNamespaces.SCHEMA;

import java.net.URI;
import java.net.http.HttpClient;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Objects;
import mamori.onvif.OnvifException.Kind;

/// Talks to ONVIF devices: one HTTP client for all of them, the timeouts every request gets, and
/// the local clock the device clocks are measured against. [#connect] gives an [OnvifDevice].
public final class OnvifClient implements AutoCloseable {

    private final HttpClient http;
    private final SoapTransport transport;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public OnvifClient(Clock clock, Timeouts timeouts) {
        this.clock = Objects.requireNonNull(clock, "clock");
        http = HttpClient.newBuilder()
                // HTTP/2's upgrade headers on a plain-http request confuse camera web servers.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(timeouts.connect())
                .followRedirects(HttpClient.Redirect.NEVER)
                // Cameras are on the local network; a system-wide proxy setting must not reroute them.
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
        transport = new SoapTransport(http, timeouts);
    }

    /// Asks the device its UTC time (GetSystemDateAndTime, which needs no authentication) and
    /// measures the offset of its clock from ours, taking the midpoint of the round trip.
    public DeviceClock measureClock(URI deviceService) throws OnvifException {
        requireHttpAddress(deviceService);
        Exchange exchange = new Exchange("GetSystemDateAndTime", deviceService);
        SoapRequest request = SoapRequest.of(DEVICE, "GetSystemDateAndTime");
        Instant sent = clock.instant();
        long start = System.nanoTime();
        ResponseElement response = transport.call(exchange, request, Duration.ZERO);
        Duration roundTrip = Duration.ofNanos(System.nanoTime() - start);
        ResponseElement utc = response.child(DEVICE, "SystemDateAndTime").optionalChild(SCHEMA, "UTCDateTime")
                .orElseThrow(() -> exchange.failure(Kind.MISSING_ELEMENT,
                        "the device does not report its UTC time (SystemDateAndTime/UTCDateTime)"));
        return DeviceClock.fromExchange(sent, roundTrip, utcTime(exchange, utc));
    }

    /// Measures the device's clock, then reads its service addresses (GetServices, already signed
    /// with a user name token on the device's time, so wrong credentials fail here).
    public OnvifDevice connect(URI deviceService, Credentials credentials) throws OnvifException {
        Objects.requireNonNull(credentials, "credentials");
        DeviceClock deviceClock = measureClock(deviceService);
        return OnvifDevice.connect(new SignedTransport(transport, clock, random, credentials, deviceClock), deviceService);
    }

    @Override
    public void close() {
        http.close();
    }

    private static Instant utcTime(Exchange exchange, ResponseElement utc) throws OnvifException {
        ResponseElement date = utc.child(SCHEMA, "Date");
        ResponseElement time = utc.child(SCHEMA, "Time");
        try {
            return LocalDateTime.of(date.child(SCHEMA, "Year").integer(), date.child(SCHEMA, "Month").integer(),
                    date.child(SCHEMA, "Day").integer(), time.child(SCHEMA, "Hour").integer(),
                    time.child(SCHEMA, "Minute").integer(), time.child(SCHEMA, "Second").integer()).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw exchange.failure(Kind.INVALID_VALUE, "the device's UTC time is not a valid date and time: " + e.getMessage(), e);
        }
    }

    static void requireHttpAddress(URI address) {
        Objects.requireNonNull(address, "address");
        String scheme = address.getScheme() == null ? "" : address.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || address.getHost() == null) {
            throw new IllegalArgumentException("an ONVIF device address is an absolute http or https URI, not: "
                    + new Exchange("", address).displayAddress());
        }
    }
}
