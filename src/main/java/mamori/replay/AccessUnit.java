package mamori.replay;

import java.time.Instant;

/// One coded picture in H.264 Annex B form (each NAL unit after a 00 00 00 01 start code), ready
/// for a decoder; `recorded` is the recording time from the ONVIF replay extension.
public record AccessUnit(byte[] annexB, Instant recorded, boolean keyFrame, boolean discontinuity, boolean terminal) {
}
