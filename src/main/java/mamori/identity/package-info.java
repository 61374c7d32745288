/// People, roles, this terminal, the kiosk's login session (idle lock, maximum length), the
/// terminal lockout and the open sessions of every terminal (decision 0014). Uses the fingerprint SPI,
/// never a driver directly. Never touches JavaFX.
package mamori.identity;
