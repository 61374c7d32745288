/// Media tools for tests and benchmarks, never used by the kiosk: a loopback RTSP server
/// (GStreamer's, from Debian's packages) that serves generated clips.
package mamori.media;
