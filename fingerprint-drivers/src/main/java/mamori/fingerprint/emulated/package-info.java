/// Emulated fingerprint readers for the demo and the tests. Never touches JavaFX.
package mamori.fingerprint.emulated;
