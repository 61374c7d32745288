/// The export screens: the request from the player, the on-screen four-eyes approval with the
/// approver's finger, the supervisors' list of waiting requests, and production with its progress
/// and the passphrase shown once. They call `mamori.export` only; no JDBC, no FFmpeg.
package mamori.ui.export;
