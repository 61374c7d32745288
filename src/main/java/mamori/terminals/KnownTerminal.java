package mamori.terminals;

import java.time.Instant;
import java.util.Optional;

/// A terminal as the database knows it: `registeredAt` and `registeredBy` (a person id) are empty
/// when it is not registered; `machine` is the fingerprint it was registered on (decision 0021).
public record KnownTerminal(String id, String name, boolean thisTerminal, Optional<Instant> registeredAt,
        Optional<String> registeredBy, Optional<String> machine) {

    /// Registered, and for this PC on this PC's machine.
    public boolean registeredHere(String thisMachine) {
        return registeredAt.isPresent() && (!thisTerminal || machine.filter(thisMachine::equals).isPresent());
    }
}
