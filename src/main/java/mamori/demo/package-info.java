/// The demo facility a new data directory starts with: invented people with emulated fingers,
/// cameras, grants and synthetic H.264 recordings stored the way an NVR stores them. Never touches JavaFX.
package mamori.demo;
