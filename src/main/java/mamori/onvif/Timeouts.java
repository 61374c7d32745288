package mamori.onvif;

import java.time.Duration;
import java.util.Objects;

/// How long one request may take: to open the connection, and then for the whole answer.
public record Timeouts(Duration connect, Duration response) {

    /// Five seconds each: a device on the local network answers in well under a second.
    public static final Timeouts DEFAULT = new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(5));

    public Timeouts {
        Objects.requireNonNull(connect, "connect");
        Objects.requireNonNull(response, "response");
        if (connect.isNegative() || connect.isZero() || response.isNegative() || response.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive: " + connect + ", " + response);
        }
    }
}
