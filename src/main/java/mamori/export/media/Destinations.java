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

    /// Where packages brought back are looked for: the same places copies may go, each with the
    /// name the screen gives it (the approved medium's label, the folder's path).
    public List<mamori.export.ExportCheck.Place> places() {
        return available.stream().map(destination -> switch (destination) {
            case Destination.Medium medium -> new mamori.export.ExportCheck.Place(medium.directory(), medium.approvedLabel());
            case Destination.Folder folder -> new mamori.export.ExportCheck.Place(folder.directory(), folder.directory().toString());
        }).toList();
    }

    /// The configured folder and why copies cannot go there now.
    public record UnusableFolder(Path folder, Problem problem) {
    }

    public enum Problem {
        MISSING,
        NOT_WRITABLE
    }
}
