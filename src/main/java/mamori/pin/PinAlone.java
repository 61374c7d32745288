package mamori.pin;

import java.time.Instant;

/// An administrator's allowance for one named person to log in with a PIN instead of a finger:
/// who allowed it, why and when.
public record PinAlone(String allowedBy, String reason, Instant allowedAt) {
}
