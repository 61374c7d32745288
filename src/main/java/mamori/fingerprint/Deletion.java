package mamori.fingerprint;

/// What a reader said when asked to delete one template.
public sealed interface Deletion {

    /// The template is gone from the module (or was never there).
    record Deleted(int templateId) implements Deletion {
    }

    /// The module could not delete it; `message` says why. The template may still be there.
    record Failed(int templateId, String message) implements Deletion {
    }
}
