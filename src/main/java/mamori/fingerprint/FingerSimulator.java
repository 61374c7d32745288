package mamori.fingerprint;

import java.util.List;

/// A way to "place" a finger on an emulated reader: the demo's reader panel and the UI tests use
/// it. Only emulated readers have one; real hardware never does.
public interface FingerSimulator {

    /// The fingers that can be placed, enrolled ones first, then at least one unknown finger and
    /// "a new finger" (enrolled nowhere yet, for trying an enrolment).
    List<SimulatedFinger> fingers();

    void place(SimulatedFinger finger);

    /// One finger the emulator can present: whose (empty for a finger enrolled nowhere), which
    /// finger (a code such as `RIGHT_INDEX`) and the template id it matches on the module.
    record SimulatedFinger(java.util.Optional<String> owner, String finger, java.util.OptionalInt templateId) {

        public static SimulatedFinger unknown() {
            return new SimulatedFinger(java.util.Optional.empty(), "UNKNOWN", java.util.OptionalInt.empty());
        }

        /// A finger enrolled nowhere yet: placed during an enrolment, it becomes the new template;
        /// once enrolled, the next "new finger" is another one.
        public static SimulatedFinger newFinger() {
            return new SimulatedFinger(java.util.Optional.empty(), "NEW", java.util.OptionalInt.empty());
        }

        public boolean isNew() {
            return owner.isEmpty() && templateId.isEmpty() && "NEW".equals(finger);
        }
    }
}
