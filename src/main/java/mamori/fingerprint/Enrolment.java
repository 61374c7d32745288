package mamori.fingerprint;

/// How an enrolment on a reader ended. Only [Stored] leaves a template on the module.
public sealed interface Enrolment {

    /// The template was made from the captures and stored at `templateId` on the module.
    record Stored(int templateId) implements Enrolment {
    }

    /// The captures did not combine into one template (two different fingers, or one moved a lot).
    record CapturesMismatch() implements Enrolment {
    }

    /// The finger is already stored on this module, at `templateId`: one finger, one template.
    record AlreadyEnrolled(int templateId) implements Enrolment {
    }

    /// Capture `capture` was rejected too often (the last time for `problem`).
    record TooManyPoorCaptures(int capture, CaptureProblem problem) implements Enrolment {
    }

    /// No finger was placed for capture `capture` within the per-capture timeout.
    record NoFinger(int capture) implements Enrolment {
    }

    /// The finger stayed on the sensor when it should have been lifted, until the timeout.
    record FingerNotLifted() implements Enrolment {
    }

    /// The template id is outside the module's library (or the library is full).
    record LibraryFull(int templateId, int capacity) implements Enrolment {
    }

    /// The reader failed (lost, silent, flash error, cannot enrol); `message` says how.
    record ReaderFault(String message) implements Enrolment {
    }
}
