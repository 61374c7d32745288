package mamori.app;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;
import mamori.fingerprint.FingerSimulator;
import mamori.identity.Person;
import mamori.identity.PersonRepository;

/// The demo panel's fingers as they are enrolled now: every finger recorded for the reader (so a
/// finger enrolled while the kiosk runs is offered at the next login), an unknown finger and "a
/// new finger"; placing goes to the emulator. The list starts as the emulator's (made from the same
/// rows at start) and is read again after each enrolment change ([#refresh()], on the thread that
/// made the change), never on the UI thread.
final class EnrolledDemoFingers implements FingerSimulator {

    private final FingerSimulator emulator;
    private final PersonRepository people;
    private final String readerId;
    private volatile List<SimulatedFinger> fingers;

    EnrolledDemoFingers(FingerSimulator emulator, PersonRepository people, String readerId) {
        this.emulator = emulator;
        this.people = people;
        this.readerId = readerId;
        this.fingers = emulator.fingers();
    }

    @Override
    public List<SimulatedFinger> fingers() {
        return fingers;
    }

    /// Reads the enrolled fingers again.
    void refresh() {
        fingers = read();
    }

    private List<SimulatedFinger> read() {
        try {
            Map<String, String> names = people.all().stream().collect(Collectors.toMap(Person::id, Person::displayName));
            List<SimulatedFinger> fingers = new ArrayList<>();
            for (var enrolment : people.enrolments(readerId)) {
                fingers.add(new SimulatedFinger(Optional.ofNullable(names.get(enrolment.personId())), enrolment.finger(),
                        OptionalInt.of(enrolment.templateId())));
            }
            fingers.add(SimulatedFinger.unknown());
            fingers.add(SimulatedFinger.newFinger());
            return List.copyOf(fingers);
        } catch (SQLException e) {
            return this.fingers;
        }
    }

    @Override
    public void place(SimulatedFinger finger) {
        emulator.place(finger);
    }
}
