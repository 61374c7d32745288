package mamori.export.media;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/// What [ExportCopier#destinations()] found: where copies may go, the mounted storage refused with
/// its reason, and the configured folder when it cannot be used now.
public record Destinations(List<Destination> available, List<Destination.Refused> refused, Optional<UnusableFolder> unusableFolder) {

    public Destinations {
        available = List.copyOf(available);
        refused = List.copyOf(refused);
    }

    /// The configured folder and why copies cannot go there now.
    public record UnusableFolder(Path folder, Problem problem) {
    }

    public enum Problem {
        MISSING,
        NOT_WRITABLE
    }
}
