package mamori.onvif;

import java.time.Duration;
import java.time.Instant;

/// How far a device's clock is from ours: `offset` = device UTC minus local clock, measured around
/// one GetSystemDateAndTime round trip. The device reports whole seconds, so the offset is good to
/// about half the round trip plus one second; a device accepts user name tokens within minutes.
public record DeviceClock(Duration offset, Duration roundTrip) {

    /// The offset from one exchange: the device's answer is taken to describe the midpoint between
    /// sending (`localSent`) and receiving (`localSent + roundTrip`).
    public static DeviceClock fromExchange(Instant localSent, Duration roundTrip, Instant deviceUtc) {
        Instant midpoint = localSent.plus(roundTrip.dividedBy(2));
        return new DeviceClock(Duration.between(midpoint, deviceUtc), roundTrip);
    }

    /// What the device's clock shows when ours shows `localTime`.
    public Instant deviceTime(Instant localTime) {
        return localTime.plus(offset);
    }
}
