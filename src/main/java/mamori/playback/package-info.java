/// Playing recordings: decoding (FFmpeg through javacv), pacing, the timeline of a camera's
/// segments, the watermark and privacy masks drawn into every frame, and the audited controls.
/// Frames leave through [mamori.playback.FrameSink]; no JavaFX here.
package mamori.playback;
