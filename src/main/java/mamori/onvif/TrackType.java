package mamori.onvif;

/// The kind of a recording track (tt:TrackType).
public enum TrackType {
    VIDEO("Video"),
    AUDIO("Audio"),
    METADATA("Metadata"),
    EXTENDED("Extended");

    private final String xmlValue;

    TrackType(String xmlValue) {
        this.xmlValue = xmlValue;
    }

    /// The value as the schema spells it.
    public String xmlValue() {
        return xmlValue;
    }
}
