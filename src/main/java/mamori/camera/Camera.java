package mamori.camera;

/// A camera whose recordings Mamori can show.
public record Camera(String id, String code, String name, String location, SourceKind sourceKind) {

    /// Where the camera's recordings come from.
    public enum SourceKind {
        /// Segment files in the local recording store (the demo, NVR exports).
        RECORDING_STORE,
        RTSP,
        ONVIF
    }
}
