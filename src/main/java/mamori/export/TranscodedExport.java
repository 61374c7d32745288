package mamori.export;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import mamori.audit.RecordingRange;

/// The plain H.264 MP4 made for an export, before it is signed and encrypted: the sources it was
/// made from, the span of recording it covers (the first to the last recorded moment in the
/// order's span), the gaps inside that span that had no recording (skipped: the file plays them
/// as nothing, see decision 0023), how many frames it holds and how long it plays.
public record TranscodedExport(Path file, List<ExportSource> sources, RecordingRange exported, List<RecordingRange> gaps,
        long frames, Duration length, String codec, boolean masked) {

    public TranscodedExport {
        sources = List.copyOf(sources);
        gaps = List.copyOf(gaps);
    }
}
