package mamori.export;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import mamori.fingerprint.FingerprintReader;
import mamori.fingerprint.Identification;
import mamori.identity.Person;
import mamori.identity.PersonRepository;

/// Identifies who places a finger on the kiosk's reader to decide an export: the four eyes are
/// counted at the moment of the decision, even when the deciding person is the one logged in.
/// Only identifies; [ExportRequests] decides and records.
public final class ApproverFinger {

    private final FingerprintReader reader;
    private final PersonRepository people;

    public ApproverFinger(FingerprintReader reader, PersonRepository people) {
        this.reader = reader;
        this.people = people;
    }

    /// Waits up to `timeout` for a finger and says whose it is.
    public Placed await(Duration timeout) throws InterruptedException, SQLException {
        return switch (reader.identify(timeout)) {
            case Identification.NoFinger() -> new Placed.NoFinger();
            case Identification.NotRecognised() -> new Placed.Unknown();
            case Identification.ReaderFault(String message) -> new Placed.ReaderFault(message);
            case Identification.Matched(int templateId, int score) -> {
                Optional<Person> person = people.byFingerTemplate(reader.readerId(), templateId);
                yield person.filter(Person::active).<Placed>map(Placed.Identified::new).orElseGet(Placed.Unknown::new);
            }
        };
    }

    /// What one wait for a finger gave.
    public sealed interface Placed {

        record Identified(Person person) implements Placed {
        }

        /// A finger that matched nobody (or nobody active).
        record Unknown() implements Placed {
        }

        record NoFinger() implements Placed {
        }

        record ReaderFault(String message) implements Placed {
        }
    }
}
