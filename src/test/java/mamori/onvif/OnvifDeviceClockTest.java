package mamori.onvif;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class OnvifDeviceClockTest {

    @Test
    void theOffsetIsTakenAtTheMidpointOfTheRoundTrip() {
        Instant sent = Instant.parse("2026-11-02T10:00:00Z");
        DeviceClock clock = DeviceClock.fromExchange(sent, Duration.ofSeconds(2), Instant.parse("2026-11-02T12:00:01Z"));

        assertEquals(Duration.ofHours(2), clock.offset());
        assertEquals(Instant.parse("2026-11-02T14:00:00Z"), clock.deviceTime(Instant.parse("2026-11-02T12:00:00Z")));
    }

    @Test
    void aDeviceBehindHasANegativeOffset() {
        DeviceClock clock = DeviceClock.fromExchange(Instant.parse("2026-11-02T10:00:00Z"), Duration.ofMillis(400),
                Instant.parse("2026-11-02T09:55:00Z"));

        assertEquals(Duration.ofMinutes(-5).minusMillis(200), clock.offset());
    }
}
