package mamori.onvif;

/// A profile's video encoding (`JPEG`, `MPEG4`, `H264` as the device names it) and resolution.
public record VideoFormat(String encoding, int width, int height) {
}
