package mamori.identity;

import java.time.Instant;

/// One person logged in at one terminal, from `startedAt` on.
public record Session(String id, Person person, Terminal terminal, Instant startedAt) {
}
