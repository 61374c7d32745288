package mamori.fingerprint;

/// What an enrolment asks of the person at the reader, or what it just saw; reported to an
/// [EnrolmentListener] as the captures go on (on the reader's thread).
public sealed interface EnrolmentStep {

    /// Place the finger for capture `capture` of `captures`; `again` after a rejected capture.
    record PlaceFinger(int capture, int captures, boolean again) implements EnrolmentStep {
    }

    /// Capture `capture` was taken and is good.
    record CaptureTaken(int capture) implements EnrolmentStep {
    }

    /// Capture `capture` could not be used; the person is asked to place the finger again.
    record CaptureRejected(int capture, CaptureProblem problem) implements EnrolmentStep {
    }

    /// Lift the finger off the sensor before the next capture.
    record LiftFinger() implements EnrolmentStep {
    }
}
