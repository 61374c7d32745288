package mamori.onvif;

import java.time.Instant;

/// One track of a recording and the span of its data (DataFrom to DataTo, UTC).
public record RecordingTrack(String token, TrackType type, Instant dataFrom, Instant dataTo) {
}
