/// The PIN screens (decision 0029): the PIN pad after a finger, at the lock screen and for a PIN
/// alone; setting one's own PIN; and the administrators' PIN screen. The digits typed are held in a
/// char array that is wiped after each check, never in a string or a property.
package mamori.ui.pin;
