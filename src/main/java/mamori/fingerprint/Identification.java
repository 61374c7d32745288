package mamori.fingerprint;

/// What a reader said about one attempt to identify a finger.
public sealed interface Identification {

    /// The finger matched the template stored at `templateId` with the module's `score`.
    record Matched(int templateId, int score) implements Identification {
    }

    /// A finger was read but matched no stored template.
    record NotRecognised() implements Identification {
    }

    /// No finger was placed before the timeout.
    record NoFinger() implements Identification {
    }

    /// The reader failed (lost, garbage on the line, hardware error); `message` says how.
    record ReaderFault(String message) implements Identification {
    }
}
