/// The export request screen, opened from the player: camera, span, purpose and recipient, then
/// "waiting for a supervisor" with the offer to approve at once on this terminal.
package mamori.ui.export.request;
