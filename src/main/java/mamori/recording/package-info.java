/// The local recording store: segment files per camera, named and indexed by their start time.
/// Playback reads from it; the demo writes into it. Never touches JavaFX.
package mamori.recording;
