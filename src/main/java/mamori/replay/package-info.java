/// ONVIF replay (Profile G, ONVIF Streaming Specification section 6) spoken by our own RTSP client
/// over one TCP connection: `Require: onvif-replay`, `Range: clock=`, the 0xABAC RTP header
/// extension's recording time, H.264 and H.265 access units out of RTP (RFC 6184, RFC 7798). No
/// decoding, no JavaFX: [mamori.playback] decodes what [mamori.replay.ReplayClient] hands out.
package mamori.replay;
