/// The player screen: the picture, the timeline with recorded spans and gaps, and the controls.
/// Every control goes through the audited [mamori.playback.PlaybackSession].
package mamori.ui.player;
