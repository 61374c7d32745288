package mamori.onvif;

/// Where a recording's data comes from, as the recorder describes it (free text, may be empty).
public record RecordingSource(String sourceId, String name, String location) {
}
