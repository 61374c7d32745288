package mamori.onvif;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/// Sends requests signed for one device: each gets a user name token with a fresh nonce and a
/// `Created` on the device's clock (our clock plus the measured offset), since the device refuses
/// tokens created minutes away from its own time.
final class SignedTransport {

    private final SoapTransport transport;
    private final Clock localClock;
    private final SecureRandom random;
    private final Credentials credentials;
    private final DeviceClock deviceClock;

    SignedTransport(SoapTransport transport, Clock localClock, SecureRandom random, Credentials credentials, DeviceClock deviceClock) {
        this.transport = transport;
        this.localClock = localClock;
        this.random = random;
        this.credentials = credentials;
        this.deviceClock = deviceClock;
    }

    ResponseElement call(Exchange exchange, SoapRequest request, Duration deviceWait) throws OnvifException {
        byte[] nonce = new byte[UsernameToken.NONCE_BYTES];
        random.nextBytes(nonce);
        request.signWith(credentials, deviceClock.deviceTime(localClock.instant()), nonce);
        return transport.call(exchange, request, deviceWait);
    }

    DeviceClock deviceClock() {
        return deviceClock;
    }

    String username() {
        return credentials.username();
    }
}
