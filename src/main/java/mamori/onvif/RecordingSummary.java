package mamori.onvif;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/// A recording on an ONVIF recorder (Profile G RecordingInformation): the token to ask a replay
/// URI for, its source, the span of its data and its tracks.
public record RecordingSummary(String token, RecordingSource source, Optional<Instant> earliest, Optional<Instant> latest,
        List<RecordingTrack> tracks) {

    public RecordingSummary {
        tracks = List.copyOf(tracks);
    }
}
