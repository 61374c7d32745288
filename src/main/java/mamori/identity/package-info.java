/// People, roles, this terminal and the kiosk's login session. Uses the fingerprint SPI, never a
/// driver directly. Never touches JavaFX.
package mamori.identity;
