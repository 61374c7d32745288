package mamori.replay;

import java.time.Instant;

/// One coded picture (H.264 or H.265) in Annex B form, each NAL unit after a 00 00 00 01 start
/// code, ready for a decoder; `recorded` is the recording time from the ONVIF replay extension.
public record AccessUnit(byte[] annexB, Instant recorded, boolean keyFrame, boolean discontinuity, boolean terminal) {
}
